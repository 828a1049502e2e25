# python-librtmp player that never reads (a stalled consumer) for rtmpkit tests.
# argv: URL SECONDS
# Connects, creates a stream and plays URL (librtmp reads until the play
# starts), prints "playing", then sleeps SECONDS without reading a byte, so
# the server's writes back up in the TCP buffers. Exits 0.
import sys
import time

import librtmp


def main():
    url, secs = sys.argv[1], float(sys.argv[2])
    conn = librtmp.RTMP(url, live=True, timeout=20)
    conn.connect()
    conn.create_stream()
    print("playing", flush=True)
    time.sleep(secs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
