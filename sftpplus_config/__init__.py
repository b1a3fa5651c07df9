"""sftpplus-config: lossless editing and validation of SFTPPlus server.ini."""
