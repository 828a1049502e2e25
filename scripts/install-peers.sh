#!/usr/bin/env bash
# Installs the real RTMP peers the interop tests drive, on Debian 12:
# ffmpeg/ffprobe, rtmpdump + python3-librtmp, GStreamer (rtmp2 and librtmp
# elements), nginx with nginx-rtmp, tshark, and Node-Media-Server 4.4.3 and
# 2.7.4 from npm into $NMS_DIR (default .peers/nms), microsocks (SOCKS5). Idempotent.
set -euo pipefail

NMS_DIR=${NMS_DIR:-$(pwd)/.peers/nms}
pkgs=(ffmpeg rtmpdump python3-librtmp gstreamer1.0-tools gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly
  gstreamer1.0-libav nginx libnginx-mod-rtmp tshark microsocks)

need=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if command -v npm >/dev/null; then
  for v in 4.4.3 2.7.4; do
    d=$NMS_DIR/$v
    [ -f "$d/node_modules/node-media-server/package.json" ] && continue
    mkdir -p "$d"
    [ -f "$d/package.json" ] || printf '{"name":"nms-%s","private":true}\n' "$v" >"$d/package.json"
    (cd "$d" && npm install --no-audit --no-fund --loglevel=error --save-exact "node-media-server@$v" >/dev/null)
  done
fi
