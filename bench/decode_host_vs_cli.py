#!/usr/bin/env python3
"""Decoder host vs ffmpeg CLI: md5 of each file's decoded window, side by side (issue 10).
Usage: bench/decode_host_vs_cli.py HOST_BINARY FILE_OR_DIR... [--ss SECONDS] [--t SECONDS]
For every audio file: the host's OPEN + DECODE and `ffmpeg [-ss S] -t T -i file:PATH -map 0:a:0 -ac 1 -ar 22050 -f f32le -`
(the arguments FfmpegDecoder passes), then the md5 of both outputs; prints the files that differ and a count."""
import hashlib, os, struct, subprocess, sys

FORMATS = "wav,w64,mp3,flac,ogg,mov,aac,aiff,wv,ape,matroska,caf,asf,tta,au,mpc,mpc8"
EXT = (".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a", ".aac", ".wma", ".aiff", ".aif")

def s(b): return struct.pack("<I", len(b)) + b

def read(p, n):
    b = p.stdout.read(n)
    if len(b) != n: raise EOFError("host ended")
    return b

def status(p):
    code, = struct.unpack("<i", read(p, 4)); n, = struct.unpack("<I", read(p, 4))
    return code, read(p, n).decode()

def host_decode(p, path, ss, t, rate=22050):
    url = ("file:" + os.path.abspath(path)).encode()
    p.stdin.write(b"\x01" + s(url) + s(b"")); p.stdin.flush()
    code, why = status(p)
    if code: return None, f"open {code} {why}"
    fmt = read(p, struct.unpack("<I", read(p, 4))[0]); read(p, 8 + 12 + 1)
    for _ in range(struct.unpack("<I", read(p, 4))[0] * 2): read(p, struct.unpack("<I", read(p, 4))[0])
    start = -1 if ss is None else round(ss * 1e6)
    quota = int(-(-t * rate // 1))
    p.stdin.write(b"\x02" + struct.pack("<qqii", start, round(t * 1e6), rate, quota)); p.stdin.flush()
    out = bytearray()
    while True:
        n, = struct.unpack("<I", read(p, 4))
        if n == 0: break
        out += read(p, 4 * n)
    code, why = status(p)
    return bytes(out), (f"decode {code} {why}" if code else "")

def cli_decode(path, ss, t, rate=22050):
    a = ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-filter_threads", "1", "-protocol_whitelist", "file",
         "-format_whitelist", FORMATS]
    if ss is not None: a += ["-ss", f"{ss:.6f}".rstrip("0").rstrip(".")]
    a += ["-t", f"{t:.6f}".rstrip("0").rstrip("."), "-i", "file:" + os.path.abspath(path), "-map", "0:a:0", "-ac", "1",
          "-ar", str(rate), "-flush_packets", "0", "-f", "f32le", "-"]
    r = subprocess.run(a, capture_output=True)
    quota = int(-(-t * rate // 1)) * 4
    return r.stdout[:quota], r.returncode

def main():
    args = sys.argv[1:]
    ss = t = None
    if "--ss" in args: i = args.index("--ss"); ss = float(args[i + 1]); del args[i:i + 2]
    if "--t" in args: i = args.index("--t"); t = float(args[i + 1]); del args[i:i + 2]
    t = 600.0 if t is None else t
    host, paths = args[0], args[1:]
    files = []
    for p in paths:
        if os.path.isdir(p):
            for d, _, fs in os.walk(p):
                files += [os.path.join(d, f) for f in fs if f.lower().endswith(EXT)]
        else: files.append(p)
    files.sort()
    proc = subprocess.Popen([host, FORMATS], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    same = differ = 0
    for f in files:
        hs, why = host_decode(proc, f, ss, t)
        cs, rc = cli_decode(f, ss, t)
        hm = hashlib.md5(hs or b"").hexdigest(); cm = hashlib.md5(cs).hexdigest()
        if hm == cm and not why: same += 1
        else:
            differ += 1
            print(f"DIFF {f}: host {len(hs or b'')//4} samples {hm} {why} | cli {len(cs)//4} samples {cm} rc {rc}")
    print(f"{same} identical, {differ} different of {len(files)}")
    return 1 if differ else 0

sys.exit(main())
