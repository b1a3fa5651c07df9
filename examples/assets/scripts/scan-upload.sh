#!/bin/sh
# Example only: scan an uploaded file.
exit 0
