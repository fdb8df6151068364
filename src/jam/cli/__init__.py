"""The ``jam`` command line.

Usage:

```text
jam plugins [--config F] [--pointer P] [--json]     # what is installed, and what it registered
jam plugins lock [--config F] [--out F]             # write a pinned [jam.plugins] allow list
jam config check [--config F] [--pointer P]         # validate, show redacted, audit security
jam keys generate --alg ALG [--kid K] [--out DIR] [--format pem|jwk]
jam keys jwks [--config F]                          # public JWKS of the configured keys
jam token create [CLAIMS|-] [--claim NAME=VALUE] [--exp SECONDS]
jam token verify TOKEN|-                            # jwt_verify_token; exit 1 when rejected
jam token inspect TOKEN|-                           # header and claims, NOT VERIFIED
jam otp secret | code | uri | qr                    # TOTP/HOTP enrolment and codes
jam secret [--kind hs256|hs384|hs512|session]
jam version
```

Every command takes ``--json`` and ``--debug``. The package is imported by the
console script only; ``import jam`` never imports it (nor Click).
"""

from __future__ import annotations

from jam.cli._main import main

__all__ = ["main"]
