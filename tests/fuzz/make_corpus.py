#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (tests/fuzz/corpus/<target>/) from scratch.

The seeds are committed; this script says where each came from and makes them again after a format change:
    python3 tests/fuzz/make_corpus.py
Real encoder output (a JPEG, a WEBP, a tiny H.264 MP4) comes from the ffmpeg program when it is installed;
everything else is built here byte by byte, small on purpose so that the fuzzers mutate structure, not pixels.
"""
import base64
import json
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (folder / name).write_bytes(data)


def ffmpeg(*args, suffix):
    """The bytes ffmpeg writes for args, or None when ffmpeg is missing or fails."""
    if not shutil.which("ffmpeg"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ("out" + suffix)
        done = subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args, str(out)])
        return out.read_bytes() if done.returncode == 0 and out.exists() else None


# --- API answers: one of each shape the client reads ---------------------------------------------------------

def api_corpus():
    answers = {
        "submit": {"request_id": "3f1c2a", "status": "IN_QUEUE",
                   "status_url": "https://api.segmind.com/v1/requests/3f1c2a/status",
                   "response_url": "https://api.segmind.com/v1/requests/3f1c2a"},
        "submit_relative": {"request_id": "a1", "poll_url": "/v1/requests/a1"},
        "queued": {"status": "QUEUED", "request_id": "3f1c2a"},
        "processing": {"status": "IN_PROGRESS", "request_id": "3f1c2a", "metrics": {"queue_time": 1.5}},
        "completed_string": {"status": "COMPLETED", "request_id": "3f1c2a",
                             "output": "https://cdn.segmind.com/out/3f1c2a.mp4",
                             "metrics": {"queue_time": 0.4, "inference_time": 61.2, "total_time": 61.6,
                                         "cost": 0.7, "remaining_credits": "12.34"}},
        "completed_object": {"status": "SUCCEEDED", "output": {"video": "https://cdn.segmind.com/v.mp4"}},
        "completed_array": {"status": "success", "output": [{"url": "https://cdn.segmind.com/v.mp4"}]},
        "failed_object": {"status": "FAILED", "error": {"message": "Content policy violation"}},
        "failed_string": {"status": "ERROR", "error": "GPU out of memory"},
        "credits": {"credits": 12.5, "free-credits": "0.25"},
        "credits_string": {"credits": "1e2"},
    }
    for name, body in answers.items():
        write("api_responses", name + ".json", json.dumps(body))
    write("api_responses", "html.txt", "<html><body>502 Bad Gateway</body></html>")
    write("api_responses", "nested.json", "[" * 64 + "]" * 64)


# --- MP4 box trees -------------------------------------------------------------------------------------------

def box(kind, payload=b""):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full_box(kind, version, payload):
    return box(kind, bytes([version, 0, 0, 0]) + payload)


def times(version, timescale, duration):
    if version == 1:
        return bytes(16) + struct.pack(">IQ", timescale, duration)
    return bytes(8) + struct.pack(">II", timescale, duration)


def mvhd(version=0, timescale=1000, duration=5000):
    return full_box(b"mvhd", version, times(version, timescale, duration) + bytes(80))


def tkhd(width, height, version=0, rotate=False):
    head = bytes(32) if version == 1 else bytes(20)
    a, b, c, d = (0, 0x10000, 0xFFFF0000, 0) if rotate else (0x10000, 0, 0, 0x10000)
    matrix = struct.pack(">9I", a, b, 0, c, d, 0, 0, 0, 0x40000000)
    return full_box(b"tkhd", version, head + bytes(16) + matrix + struct.pack(">II", width << 16, height << 16))


def track(handler, codec, width=0, height=0, version=0, timescale=12800, duration=64000, rotate=False):
    if handler == b"vide":
        entry = box(codec, bytes(6) + struct.pack(">H", 1) + bytes(16) + struct.pack(">HH", width, height) + bytes(50))
    else:
        entry = box(codec, bytes(6) + struct.pack(">H", 1) + bytes(8) + struct.pack(">HHHH", 2, 16, 0, 0)
                    + struct.pack(">I", 48000 << 16))
    stbl = box(b"stbl", full_box(b"stsd", 0, struct.pack(">I", 1) + entry)
               + full_box(b"stts", 0, struct.pack(">III", 1, 120, 512)))
    mdia = box(b"mdia", full_box(b"mdhd", version, times(version, timescale, duration) + bytes(4))
               + full_box(b"hdlr", 0, bytes(4) + handler + bytes(12) + b"Handler\0")
               + box(b"minf", stbl))
    return box(b"trak", tkhd(width, height, version, rotate) + mdia)


def mp4_corpus():
    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    video = track(b"vide", b"avc1", 1280, 720)
    audio = track(b"soun", b"mp4a", timescale=48000, duration=240000)
    mdat = box(b"mdat", b"x" * 32)
    write("mp4info", "video_audio.mp4", ftyp + box(b"moov", mvhd() + video + audio) + mdat)
    write("mp4info", "video_only_v1.mp4", ftyp + box(b"moov", mvhd(1) + track(b"vide", b"hvc1", 720, 1280, 1)) + mdat)
    write("mp4info", "rotated.mp4", ftyp + box(b"moov", mvhd() + track(b"vide", b"avc1", 1280, 720, rotate=True)))
    write("mp4info", "mdat_first.mp4", ftyp + mdat + box(b"moov", mvhd() + audio))
    write("mp4info", "size_zero_last.mp4", ftyp + box(b"moov", mvhd() + video) + struct.pack(">I", 0) + b"mdat"
          + b"y" * 16)
    large = struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", 16 + 8) + b"z" * 8
    write("mp4info", "largesize_mdat.mp4", ftyp + box(b"moov", mvhd() + video) + large)
    write("mp4info", "uuid_free.mp4", ftyp + box(b"uuid", b"u" * 16 + b"data") + box(b"free")
          + box(b"moov", mvhd() + video))
    whole = ftyp + box(b"moov", mvhd() + video + audio) + mdat
    write("mp4info", "cut_off.mp4", whole[: len(whole) - 20])
    real = ffmpeg("-f", "lavfi", "-i", "color=c=red:s=16x16:r=25:d=0.08", "-f", "lavfi", "-i",
                  "anullsrc=r=8000:cl=mono", "-t", "0.08", "-c:v", "libx264", "-preset", "ultrafast",
                  "-c:a", "aac", "-b:a", "8k", "-movflags", "+faststart", suffix=".mp4")
    if real:
        write("mp4info", "ffmpeg_h264_aac.mp4", real)


# --- Images --------------------------------------------------------------------------------------------------

def png(width, height, color_type=2, rows=None):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    channels = {0: 1, 2: 3, 6: 4}[color_type]
    if rows is None:
        rows = b"".join(b"\0" + bytes([0x40]) * (width * channels) for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def exif_app1(orientation):
    """An APP1 segment whose TIFF holds one IFD entry: Orientation."""
    tiff = b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 1) + struct.pack("<HHII", 0x0112, 3, 1, orientation) \
        + struct.pack("<I", 0)
    payload = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", 2 + len(payload)) + payload


def image_corpus():
    write("image_inspection", "rgb_4x3.png", png(4, 3))
    write("image_inspection", "rgba_320x320.png", png(320, 320, 6))
    header_only = png(640, 400)
    write("image_inspection", "png_cut_off.png", header_only[:60])
    jpeg = ffmpeg("-f", "lavfi", "-i", "color=c=blue:s=16x8", "-frames:v", "1", "-q:v", "10", suffix=".jpg")
    if jpeg:
        write("image_inspection", "blue_16x8.jpg", jpeg)
        write("image_inspection", "exif_rotated.jpg", jpeg[:2] + exif_app1(6) + jpeg[2:])
        write("image_inspection", "jpeg_cut_off.jpg", jpeg[: len(jpeg) // 2])
    webp = ffmpeg("-f", "lavfi", "-i", "color=c=green:s=16x16", "-frames:v", "1", "-c:v", "libwebp", suffix=".webp")
    if webp:
        write("image_inspection", "green_16x16.webp", webp)
    write("image_inspection", "gif_header.gif", b"GIF89a" + struct.pack("<HH", 2, 2) + b"\0\0\0;")
    write("image_inspection", "bmp_header.bmp", b"BM" + struct.pack("<IHHI", 70, 0, 0, 54)
          + struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, 16, 2835, 2835, 0, 0) + bytes(16))
    write("image_inspection", "heic_brand.heic", box(b"ftyp", b"heic" + bytes(4) + b"mif1heic"))
    # Found by the fuzzer: a BMP 2,359,808 px wide and 512 high, whose thumbnail fit in 0 px and was decoded whole.
    write("image_inspection", "regression_thin_bmp.bmp", bytes.fromhex(
        "424d460000000000000035fffffe280000000224000002000000010018000000000010000000130b0000130b00000000000000"
        "0000000000000000"))


# --- Simulator request bodies --------------------------------------------------------------------------------

def sim_corpus():
    def body(name, fields):
        write("sim_validator", name + ".json", json.dumps(fields))
    body("text_minimal", {"prompt": "A horse runs across a field at dawn"})
    body("text_full", {"prompt": "A horse", "negative_prompt": "blur", "resolution": "1080P", "duration": 10,
                       "aspect_ratio": "9:16", "prompt_extend": True, "watermark": False, "seed": 42})
    body("text_chinese", {"prompt": "一匹马在黎明时分穿过田野", "duration": 3})
    small = base64.b64encode(png(300, 320)).decode()
    body("image_data_uri", {"prompt": "It moves", "image": "data:image/png;base64," + small})
    body("image_url", {"prompt": "It moves", "image": "https://example.com/frame.jpg", "resolution": "720P"})
    body("references", {"prompt": "Both of them", "reference_images": [
        "https://example.com/a.png", "data:image/png;base64," + base64.b64encode(png(400, 400, 0)).decode()]})
    body("wrong_types", {"prompt": 5, "duration": "5", "seed": -1, "watermark": "yes"})
    write("sim_validator", "not_json.txt", "prompt=horse")


if __name__ == "__main__":
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    api_corpus()
    mp4_corpus()
    image_corpus()
    sim_corpus()
    for folder in sorted(CORPUS.iterdir()):
        files = list(folder.iterdir())
        print(f"{folder.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")
