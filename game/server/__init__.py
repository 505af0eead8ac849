"""The class server: students play the interactive game over SSH, saving in the class folder."""

import warnings

# cryptography 46 and later deprecate DSA, and asyncssh (which still offers DSA keys to those
# who ask for them) trips that warning as it is imported, on the teacher's terminal, about
# nothing the teacher can act on: the server makes and uses Ed25519 keys only. Every module of
# this package imports asyncssh after this line has run, so only that one warning, from asyncssh's
# crypto modules, is left out; any other warning is shown as before.
warnings.filterwarnings("ignore", message=r"DSA is deprecated", module=r"asyncssh\.crypto\.")
