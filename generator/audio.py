"""Audio and video files in the site: byte length, MIME type, duration, waveform.

mutagen (tags and stream headers: durations) stays behind this module, and so
does miniaudio (decoding, for waveforms), which is optional: without it only
WAV files (Python's own `wave`) get a waveform, and the others play with the
plain progress bar. Nothing here touches the network, and only headers are
read to probe a file; decoding (waveforms) happens only for the files a
release's track list names.
"""
from __future__ import annotations

import array
import functools
import mimetypes
import os
import sys
import wave
from dataclasses import dataclass, field
from typing import Iterable, Mapping
from urllib.parse import unquote

from .model import MediaInfo

# WordPress's wp_get_mime_types() for audio and video, with the types podcast apps expect for AAC files.
AUDIO_TYPES = {
    "mp3": "audio/mpeg", "m4a": "audio/x-m4a", "m4b": "audio/x-m4a", "aac": "audio/aac",
    "wav": "audio/wav", "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg", "flac": "audio/flac",
    "wma": "audio/x-ms-wma", "mka": "audio/x-matroska", "mid": "audio/midi", "midi": "audio/midi",
}
VIDEO_TYPES = {
    "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg",
    "mov": "video/quicktime", "qt": "video/quicktime", "avi": "video/avi", "wmv": "video/x-ms-wmv",
    "mkv": "video/x-matroska", "3gp": "video/3gpp", "3g2": "video/3gpp2",
}
PEAKS = 100                        # waveform bars
_DECODE_LIMIT = 200 * 1024 * 1024  # bigger files are not decoded for a waveform


def media_type(path: str) -> str:
    """The MIME type a file's name gives it ("" when it is neither audio nor video)."""
    ext = unquote(path).rsplit("/", 1)[-1].rpartition(".")[2].lower()
    return AUDIO_TYPES.get(ext) or VIDEO_TYPES.get(ext) or ""


def guess_type(path: str) -> str:
    """The MIME type for any file name: audio/video as WordPress names them, else the standard table."""
    return media_type(path) or mimetypes.guess_type(unquote(path))[0] or "application/octet-stream"


def probe(path: str) -> MediaInfo:
    """A file's byte length, MIME type (from its name) and duration in seconds (None when unreadable)."""
    return MediaInfo(os.path.getsize(path), guess_type(path), duration(path))


def duration(path: str) -> float | None:
    """The playing time mutagen reads from the stream headers, or None."""
    try:
        import mutagen
        found = mutagen.File(path)
        seconds = getattr(getattr(found, "info", None), "length", None)
    except Exception:              # mutagen raises many kinds on a damaged file; a duration is optional
        seconds = None
    if seconds is None and path.lower().endswith(".wav"):
        try:
            with wave.open(path, "rb") as w:
                seconds = w.getnframes() / w.getframerate()
        except (wave.Error, EOFError, OSError, ZeroDivisionError):
            seconds = None
    return round(float(seconds), 3) if seconds and seconds > 0 else None


@dataclass(frozen=True)
class Media:
    """The site's audio and video files, probed, by decoded site path ("/audio/track.mp3")."""
    info: Mapping[str, MediaInfo] = field(default_factory=dict)
    paths: Mapping[str, str] = field(default_factory=dict)      # every static file: site path → absolute path

    def has(self, site_path: str) -> bool:
        return unquote(site_path) in self.paths

    def describe(self, site_path: str) -> MediaInfo | None:
        """What the feed says of a file in the site: probed for audio/video, sized for anything else."""
        key = unquote(site_path)
        if key in self.info:
            return self.info[key]
        if key in self.paths:
            return MediaInfo(os.path.getsize(self.paths[key]), guess_type(key), None)
        return None

    def peaks(self, site_path: str) -> tuple[int, ...]:
        key = unquote(site_path)
        return waveform(self.paths[key]) if key in self.info else ()


def read_media(static_files: Iterable[tuple[str, str]]) -> Media:
    """`static_files`: (site path, absolute path) of every file the build copies (later ones
    replace earlier ones, as the site's own static/ replaces the theme's). Audio and video
    files are probed (headers only)."""
    paths = {unquote(site): absolute for site, absolute in static_files}
    info = {site: probe(absolute) for site, absolute in sorted(paths.items()) if media_type(site)}
    return Media(info, paths)


def waveform(path: str, bars: int = PEAKS) -> tuple[int, ...]:
    """`bars` peak levels (0–100) across the file, or () when it cannot be decoded here."""
    try:
        info = os.stat(path)
    except OSError:
        return ()
    return _waveform(path, info.st_size, info.st_mtime_ns, bars)


@functools.lru_cache(maxsize=256)
def _waveform(path: str, size: int, mtime: int, bars: int) -> tuple[int, ...]:
    if size > _DECODE_LIMIT:
        return ()
    samples = _decode(path)
    if not samples:
        return ()
    step = max(1, len(samples) // bars)
    peaks = [max(abs(min(chunk)), abs(max(chunk))) for i in range(0, step * bars, step)
             if (chunk := samples[i:i + step])]
    top = max(peaks, default=0)
    if top == 0:
        return tuple(0 for _ in peaks)
    return tuple(round(100 * p / top) for p in peaks)


def _decode(path: str) -> array.array | None:
    """Mono 16-bit samples of the whole file, or None."""
    if path.lower().endswith(".wav"):
        return _decode_wav(path)
    try:
        import miniaudio
    except ImportError:
        return None
    try:
        sound = miniaudio.decode_file(path, output_format=miniaudio.SampleFormat.SIGNED16,
                                      nchannels=1, sample_rate=8000)
    except Exception:              # miniaudio.DecodeError and friends: no waveform, the plain player stays
        return None
    return array.array("h", sound.samples)


def _decode_wav(path: str) -> array.array | None:
    try:
        with wave.open(path, "rb") as w:
            width, channels, frames = w.getsampwidth(), w.getnchannels(), w.getnframes()
            data = w.readframes(frames)
    except (wave.Error, EOFError, OSError):
        return None
    if width == 1:
        values = array.array("h", ((b - 128) << 8 for b in data))
    elif width == 2:
        values = array.array("h", data)
        if sys.byteorder == "big":
            values.byteswap()
    elif width in (3, 4):        # keep the top two bytes of each little-endian sample
        values = array.array("h", (int.from_bytes(data[i + width - 2:i + width], "little", signed=True)
                                   for i in range(0, len(data) - width + 1, width)))
    else:
        return None
    return values[::channels] if channels > 1 else values
