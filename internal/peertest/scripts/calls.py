# python-librtmp remote calls for rtmpkit interop tests (run by peertest tests).
# argv: URL CLIENTMETHOD SERVERMETHOD ARGS_JSON TIMEOUT
# 1. connects and calls SERVERMETHOD(*ARGS) on the server; prints
#    "result <json>" with what the _result carried;
# 2. registers CLIENTMETHOD with the invoke handler (it answers the sum of its
#    numeric arguments, or the arguments echoed when they are not numbers),
#    calls "ready" to tell the server to invoke it, and processes packets
#    until the server has invoked CLIENTMETHOD; prints "invoked <json args>";
# 3. calls "bye" so the server has read the _result before the
#    connection closes. Exits 0 on success, 1 on a timeout or error.
import json
import sys

import librtmp


def main():
    url, client_method, server_method = sys.argv[1], sys.argv[2], sys.argv[3]
    args, timeout = json.loads(sys.argv[4]), float(sys.argv[5])
    conn = librtmp.RTMP(url, timeout=int(timeout))
    invoked = []

    def handler(*a):
        invoked.append(list(a))
        if all(isinstance(x, (int, float)) for x in a):
            return sum(a)
        return list(a)

    conn.register_invoke_handler(client_method, handler)
    conn.connect()
    res = conn.call(server_method, *args).result(timeout=timeout)
    print("result " + json.dumps(res), flush=True)
    conn.call("ready")
    conn.process_packets(invoked_method=client_method, timeout=timeout)
    print("invoked " + json.dumps(invoked[0] if invoked else None), flush=True)
    conn.call("bye").result(timeout=timeout)
    conn.close()
    return 0 if invoked else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except librtmp.RTMPError as e:
        print("error %s" % e, flush=True)
        sys.exit(1)
