"""The language server (``sftpplus-config lsp``): the validator, ``explain``
and the references between sections, behind the Language Server Protocol.

It needs the ``lsp`` extra (``pip install 'sftpplus-config[lsp]'``: pygls
and lsprotocol); nothing else in the package imports this package, so the
core stays free of dependencies.

* :mod:`.positions`: our spans (1-based lines, columns in code points) to
  LSP ranges (0-based, columns in the negotiated unit, UTF-16 by default);
* :mod:`.state`: one open file, its settings (the configuration file
  ``validate`` reads) and its base, for an override;
* :mod:`.incremental`: re-validation of the sections a change touched;
* :mod:`.locate`: what is at a position (a header, an option name, a value,
  one referenced id);
* :mod:`.diagnostics`, :mod:`.hover`, :mod:`.completion`,
  :mod:`.navigation` (definition, references, symbols), :mod:`.actions`
  (code actions): pure functions from an open file and a position to
  ``lsprotocol`` results;
* :mod:`.server`: the pygls wiring.
"""
