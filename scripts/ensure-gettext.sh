#!/usr/bin/env bash
# GNU gettext (msgfmt, xgettext, msgattrib) compiles the interface catalogues and lets the
# translation check run makemessages. Installed from Debian's packages when missing and we may
# use apt; otherwise a clear message (the build cannot compile the catalogues without it).
set -u
command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's gettext to compile the translations" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq gettext >/dev/null && exit 0
fi
echo "FATAL: GNU gettext is required to compile the translations (apt-get install gettext, brew install gettext)" >&2
exit 2
