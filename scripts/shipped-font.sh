# Sourced by the browser checks: `use_shipped_font DIR` makes the shipped Chinese font a
# system font for Chromium (fontconfig in DIR), so a printed PDF embeds it as a named
# TrueType font (loaded from a file URL it would become an unnamed Type 3 font).
use_shipped_font() {
    local dir="$1"
    mkdir -p "$dir/fonts"
    cp assets/fonts/wqy-microhei.ttc "$dir/fonts/"
    cat >"$dir/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$dir/fonts</dir>
  <cachedir>$dir/fontcache</cachedir>
</fontconfig>
CONF
    export FONTCONFIG_FILE="$dir/fonts.conf"
}
