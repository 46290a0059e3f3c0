# Pinned third-party sources for the wasm build: Debian source packages.
# Each line: NAME_PKG (Debian source package), NAME_DEBVER (Debian version to ask apt for),
# NAME_UPSTREAM (the upstream version inside the .orig tarball) and NAME_SHA256 (of that tarball).
# The build uses the .orig tarball only: the security archive often serves the .orig but 404s the
# .dsc/.debian.tar.xz, and none of Debian's packaging patches matter for a static wasm library.
# To bump: change the four values together (`apt-cache showsrc PKG`, then sha256sum the .orig).

OPENSSL_PKG=openssl
OPENSSL_DEBVER=3.0.22-1~deb12u2
OPENSSL_UPSTREAM=3.0.22
OPENSSL_SHA256=67ebca7e50d17383028045486653492195b83db95f8558709701bb47b5c1ef81

OPUS_PKG=opus
OPUS_DEBVER=1.3.1-3
OPUS_UPSTREAM=1.3.1
OPUS_SHA256=65b58e1e25b2a114157014736a3d9dfeaad8d41be1c8179866f144a2fb44ff9d

VPX_PKG=libvpx
VPX_DEBVER=1.12.0-1+deb12u5
VPX_UPSTREAM=1.12.0
VPX_SHA256=f1acc15d0fd0cb431f4bf6eac32d5e932e40ea1186fe78e074254d6d003957bb
