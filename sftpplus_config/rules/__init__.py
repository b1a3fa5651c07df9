"""The validator's rule groups (see :mod:`sftpplus_config.validation`).

Each module holds one group of the rule table and a ``check(ctx)``
generator that yields its findings. The modules are private: the rule names,
severities and the findings are the contract, not these functions.
"""
