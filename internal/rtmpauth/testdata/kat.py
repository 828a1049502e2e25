# Independent known-answer values for internal/rtmpauth tests (run once; outputs pasted into kat_test.go).
import hashlib, base64, struct
b64 = lambda b: base64.b64encode(b).decode()
md5 = lambda s: hashlib.md5(s.encode()).digest()
md5hex = lambda s: hashlib.md5(s.encode()).hexdigest()
user, pw, salt, chal, opaque = "alice", "s3cret", "Zm9vYmFy", "Y2hhbGxlbmdl", "b3BhcXVl"
h1 = b64(md5(user+salt+pw)); print("hash1", h1)
c2 = "1a2b3c4d"
print("ffmpeg opaque", b64(md5(h1+opaque+c2)))
print("ffmpeg no opaque", b64(md5(h1+chal+c2)))
lc2 = b64(bytes([1,2,3,4])); print("librtmp c2", lc2)
print("librtmp opaque+chal", b64(md5(h1[:22]+opaque+chal+lc2[:6])))
print("librtmp no opaque", b64(md5(h1[:22]+chal+lc2[:6])))
# llnw
nonce, cnonce = "abc123", "0badc0de"
for app, path in [("live","live/_definst_"), ("app/inst?x=1","app/inst")]:
    a = md5hex(user+":live:"+pw); b = md5hex("publish:/"+path)
    print("llnw", app, a, b, md5hex(a+":"+nonce+":00000001:"+cnonce+":auth:"+b))

# XXTEA, written from the Wheeler/Needham "Correction to xtea" description.
D = 0x9E3779B9
def key(s):
    kb = s.encode()[:16].ljust(16, b"\0")
    return list(struct.unpack("<4I", kb))
def enc(v, k):
    n = len(v); q = 6 + 52//n; s = 0; z = v[n-1]
    for _ in range(q):
        s = (s + D) & 0xffffffff; e = (s >> 2) & 3
        for p in range(n):
            y = v[(p+1) % n]
            mx = ((((z>>5) ^ (y<<2)) + ((y>>3) ^ (z<<4))) ^ ((s ^ y) + (k[(p&3)^e] ^ z))) & 0xffffffff
            v[p] = (v[p] + mx) & 0xffffffff; z = v[p]
    return v
def dec(v, k):
    n = len(v); q = 6 + 52//n; s = (q*D) & 0xffffffff; y = v[0]
    while s:
        e = (s >> 2) & 3
        for p in range(n-1, -1, -1):
            z = v[(p-1) % n]
            mx = ((((z>>5) ^ (y<<2)) + ((y>>3) ^ (z<<4))) ^ ((s ^ y) + (k[(p&3)^e] ^ z))) & 0xffffffff
            v[p] = (v[p] - mx) & 0xffffffff; y = v[p]
        s = (s - D) & 0xffffffff
    return v
for plain, k in [("RTMPkit secure token!!!!", "#ed%h0#w@1"), ("12345678", "0123456789abcdefEXTRA")]:
    pb = plain.encode(); pb = pb + b"\0"*((-len(pb)) % 4)
    v = list(struct.unpack("<%dI" % (len(pb)//4), pb))
    c = enc(v[:], key(k))
    hx = struct.pack("<%dI" % len(c), *c).hex()
    back = struct.pack("<%dI" % len(c), *dec(c[:], key(k)))
    print("xxtea", repr(plain), repr(k), hx, back)
# Published vector check (zero key, zero 2-word block) for the reader's cross-check:
print("zero", struct.pack("<2I", *enc([0,0],[0,0,0,0])).hex())
