# python-librtmp player for rtmpkit interop tests (run by peertest.Play).
# argv: URL OUTFILE MAXSECONDS
# Plays URL as a live stream and writes what RTMP_Read returns (an FLV file)
# to OUTFILE until the stream ends, MAXSECONDS pass, or SIGINT arrives.
import signal
import sys
import time

import librtmp

stop = False


def on_signal(signum, frame):
    global stop
    stop = True


def main():
    url, path, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    conn = librtmp.RTMP(url, live=True, timeout=20)
    conn.connect()
    stream = conn.create_stream()
    deadline = time.monotonic() + limit
    total = 0
    with open(path, "wb") as out:
        while not stop and time.monotonic() < deadline:
            try:
                chunk = stream.read(32 * 1024)
            except IOError:
                break
            if not chunk:
                break
            out.write(chunk)
            out.flush()
            total += len(chunk)
    try:
        stream.close()
        conn.close()
    except Exception:
        pass
    print("bytes=%d" % total)
    return 0 if total > 13 else 1


if __name__ == "__main__":
    sys.exit(main())
