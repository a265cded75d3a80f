"""audio.py: what the build reads from the site's audio and video files."""
from __future__ import annotations

import math
import struct
import wave

import pytest

from generator.audio import Media, guess_type, media_type, probe, read_media, waveform
from generator.model import MediaInfo

MP3_FRAME = b"\xff\xfb\x90\x00" + bytes(413)       # MPEG-1 Layer III, 128 kb/s, 44.1 kHz: 1152 samples


def silent_mp3(path, frames=77):
    """A valid (silent) MP3 of `frames` frames: 77 frames are 2.01 s."""
    path.write_bytes(MP3_FRAME * frames)
    return path


def tone_wav(path, seconds=1.0, rate=8000, width=2, channels=1, shape=lambda t: t):
    """A WAV whose loudness follows shape(t) for t in 0…1 (a rising ramp by default)."""
    n = int(seconds * rate)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        frames = bytearray()
        for i in range(n):
            value = shape(i / n) * math.sin(2 * math.pi * 440 * i / rate)
            sample = (int(128 + 127 * value).to_bytes(1, "little") if width == 1
                      else struct.pack("<h", int(32767 * value)))
            frames += sample * channels
        w.writeframes(bytes(frames))
    return path


def test_mp3_length_type_and_duration_from_the_file(tmp_path):
    info = probe(str(silent_mp3(tmp_path / "track.mp3")))
    assert info == MediaInfo(77 * 417, "audio/mpeg", pytest.approx(2.01, abs=0.01))
    assert isinstance(info, tuple) and info[0] == 77 * 417      # the (length, mime, duration) the players use


@pytest.mark.parametrize("width", [1, 2])
def test_wav_duration_and_waveform(tmp_path, width):
    path = str(tone_wav(tmp_path / "ramp.wav", seconds=2.0, width=width))
    assert probe(path).duration == pytest.approx(2.0)
    assert probe(path).type == "audio/wav"
    peaks = waveform(path)
    assert len(peaks) == 100 and max(peaks) == 100
    assert peaks[5] < peaks[50] < peaks[95]                     # it follows the ramp


def test_stereo_wav_is_read_as_one_channel(tmp_path):
    peaks = waveform(str(tone_wav(tmp_path / "s.wav", channels=2, shape=lambda t: 1 - t)))
    assert peaks[0] > peaks[-1]


def test_damaged_files_have_no_duration_and_no_waveform(tmp_path):
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"not audio at all")
    assert probe(str(bad)) == MediaInfo(16, "audio/mpeg", None)
    assert waveform(str(bad)) == ()
    (tmp_path / "bad.wav").write_bytes(b"RIFF")
    assert probe(str(tmp_path / "bad.wav")).duration is None and waveform(str(tmp_path / "bad.wav")) == ()


def test_silence_has_a_flat_waveform(tmp_path):
    peaks = waveform(str(tone_wav(tmp_path / "quiet.wav", shape=lambda t: 0)))
    assert peaks and set(peaks) == {0}


@pytest.mark.parametrize("name, kind", [
    ("a.mp3", "audio/mpeg"), ("A.MP3", "audio/mpeg"), ("a.m4a", "audio/x-m4a"), ("a.wav", "audio/wav"),
    ("a.ogg", "audio/ogg"), ("a.flac", "audio/flac"), ("a.mp4", "video/mp4"), ("a.webm", "video/webm"),
    ("a.mov", "video/quicktime"), ("/x/caf%C3%A9.mp3", "audio/mpeg"),
])
def test_media_types_by_name(name, kind):
    assert media_type(name) == kind == guess_type(name)


def test_other_files_get_the_standard_type():
    assert media_type("notes.pdf") == "" and guess_type("notes.pdf") == "application/pdf"
    assert guess_type("noext") == "application/octet-stream"


def test_read_media_probes_audio_and_video_only_and_keys_decoded_site_paths(tmp_path):
    mp3 = silent_mp3(tmp_path / "café.mp3")
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    media = read_media([("/audio/café.mp3", str(mp3)), ("/notes.pdf", str(pdf))])
    assert set(media.info) == {"/audio/café.mp3"}
    assert media.has("/audio/caf%C3%A9.mp3") and media.has("/notes.pdf") and not media.has("/gone.mp3")
    assert media.describe("/notes.pdf") == MediaInfo(8, "application/pdf", None)
    assert media.describe("/gone.mp3") is None
    assert media.peaks("/notes.pdf") == ()


def test_later_files_replace_earlier_ones(tmp_path):
    theme = silent_mp3(tmp_path / "a.mp3", 10)
    user = silent_mp3(tmp_path / "b.mp3", 20)
    media = read_media([("/static/x.mp3", str(theme)), ("/static/x.mp3", str(user))])
    assert media.info["/static/x.mp3"].length == 20 * 417


def test_an_empty_library():
    assert Media().describe("/a.mp3") is None and not Media().has("/a.mp3")


def test_mp3_waveform_with_miniaudio():
    pytest.importorskip("miniaudio", reason="miniaudio (optional) decodes MP3 for waveforms; without it MP3s get none")
    from pathlib import Path
    demo = Path(__file__).resolve().parents[2] / "static/audio/sodium-lights-excerpt.mp3"
    peaks = waveform(str(demo))
    assert len(peaks) == 100 and max(peaks) == 100 and min(peaks) < 50


def test_without_miniaudio_an_mp3_has_no_waveform_but_a_wav_does(tmp_path, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "miniaudio", None)          # import fails as if it were not installed
    assert waveform(str(silent_mp3(tmp_path / "x.mp3", 78))) == ()
    assert len(waveform(str(tone_wav(tmp_path / "y.wav", seconds=1.5)))) == 100
