# python-librtmp publisher for rtmpkit interop tests (run by peertest.Publish).
# argv: URL FLVFILE MAXSECONDS
# Sends every complete FLV tag of FLVFILE with RTMP_Write, paced by the tag
# timestamps against the wall clock, then closes the stream (FCUnpublish,
# deleteStream). Prints "tags=N bytes=B" and exits 0 when at least one tag went out.
import sys
import time

import librtmp


def tags(data):
    pos = int.from_bytes(data[5:9], "big") + 4
    while pos + 11 <= len(data):
        n = int.from_bytes(data[pos + 1:pos + 4], "big")
        end = pos + 11 + n + 4
        if end > len(data):
            return
        ts = (data[pos + 7] << 24) | int.from_bytes(data[pos + 4:pos + 7], "big")
        yield ts, data[pos:end]
        pos = end


def main():
    url, path, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
    data = open(path, "rb").read()
    conn = librtmp.RTMP(url, live=True, timeout=10)
    conn.connect()
    stream = conn.create_stream(writeable=True)
    start = time.monotonic()
    count = size = 0
    first = None
    for ts, tag in tags(data):
        if first is None:
            first = ts
        due = start + (ts - first) / 1000.0
        while True:
            now = time.monotonic()
            if now >= due or now - start > limit:
                break
            time.sleep(min(due - now, 0.5))
        if time.monotonic() - start > limit:
            break
        stream.write(tag)
        count += 1
        size += len(tag)
    stream.close()
    conn.close()
    print("tags=%d bytes=%d" % (count, size))
    return 0 if count else 1


if __name__ == "__main__":
    sys.exit(main())
