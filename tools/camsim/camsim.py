#!/usr/bin/python3
"""Vigil camera simulator: real RTSP cameras served by GStreamer's RTSP server.

Each camera N serves a looping pre-encoded clip at rtsp://127.0.0.1:<port>/camN (main stream)
and /camN/sub (substream). Clips are cut into ~2 s Annex-B chunks (see RECIPES.md) so
multifilesrc loops with no EOS and timestamps keep increasing across loops.

A small HTTP control endpoint (loopback only) drops and restores cameras:
  POST /cameras/<N>/drop?seconds=S   close the camera's clients, remove its mounts (like a reboot)
  POST /cameras/<N>/restore          bring it back now
  GET  /status                        JSON of cameras and whether each is up
Run with Debian's /usr/bin/python3 (the gi bindings live there).
"""
import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

Gst.init(None)


def copy_dts_to_pts(_pad, info):
    # On raw byte-stream input the parser sets only DTS; without PTS the payloader stamps every
    # RTP packet alike. The clips have no B-frames, so PTS = DTS is exact.
    buf = info.get_buffer()
    if buf is not None and buf.pts == Gst.CLOCK_TIME_NONE:
        buf.pts = buf.dts
    return Gst.PadProbeReturn.OK


class ClipFactory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, chunk_dir, codec):
        super().__init__()
        self.chunk_dir = chunk_dir
        self.codec = codec
        self.set_shared(True)
        self.set_latency(0)

    def do_create_element(self, _url):
        enc = "h264" if self.codec == "h264" else "h265"
        launch = (
            f'( multifilesrc location="{self.chunk_dir}/%05d.{enc}" loop=true '
            f'caps="video/x-{enc},stream-format=byte-stream,framerate=25/1" '
            f"! {enc}parse name=parse config-interval=-1 "
            f"! rtp{enc}pay name=pay0 pt=96 config-interval=-1 )"
        )
        bin_ = Gst.parse_launch(launch)
        parse = bin_.get_by_name("parse")
        parse.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, copy_dts_to_pts)
        return bin_


class Simulator:
    def __init__(self, args):
        self.args = args
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address(args.host)
        self.server.set_service(str(args.port))
        self.mounts = self.server.get_mount_points()
        self.cameras = {}
        self.client_paths = {}
        self.restore_timers = {}
        self.auth = self._make_auth() if args.user else None
        if self.auth:
            self.server.set_auth(self.auth)
        self.server.connect("client-connected", self._on_client)
        for n in range(1, args.cameras + 1):
            codec = "h265" if n in args.h265 else "h264"
            self.cameras[n] = {"codec": codec, "up": False}
            self._mount(n)

    def _make_auth(self):
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "cam")
        auth.add_digest(self.args.user, self.args.password, token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        return auth

    def _factory(self, chunk_dir, codec):
        factory = ClipFactory(chunk_dir, codec)
        if self.auth:
            perm = GstRtspServer.RTSPPermissions()
            perm.add_permission_for_role("cam", "media.factory.access", True)
            perm.add_permission_for_role("cam", "media.factory.construct", True)
            factory.set_permissions(perm)
        return factory

    def _mount(self, n):
        codec = self.cameras[n]["codec"]
        clips = self.args.clips
        self.mounts.add_factory(f"/cam{n}", self._factory(f"{clips}/{codec}-main", codec))
        self.mounts.add_factory(f"/cam{n}/sub", self._factory(f"{clips}/{codec}-sub", codec))
        self.cameras[n]["up"] = True

    def _on_client(self, _server, client):
        def remember(_c, ctx):
            self.client_paths[client] = ctx.uri.abspath

        client.connect("describe-request", remember)
        client.connect("setup-request", remember)
        client.connect("closed", lambda c: self.client_paths.pop(c, None))

    def drop(self, n, seconds):
        if n not in self.cameras:
            return False
        self.mounts.remove_factory(f"/cam{n}")
        self.mounts.remove_factory(f"/cam{n}/sub")
        self.cameras[n]["up"] = False
        for client, path in list(self.client_paths.items()):
            if path.split("/")[1:2] == [f"cam{n}"]:
                client.close()
        old = self.restore_timers.pop(n, None)
        if old:
            GLib.source_remove(old)
        if seconds > 0:
            self.restore_timers[n] = GLib.timeout_add(int(seconds * 1000), self._restore_once, n)
        return True

    def _restore_once(self, n):
        self.restore_timers.pop(n, None)
        self.restore(n)
        return False

    def restore(self, n):
        if n not in self.cameras:
            return False
        if not self.cameras[n]["up"]:
            self._mount(n)
        return True

    def status(self):
        return {
            "port": self.args.port,
            "cameras": [
                {"id": n, "path": f"/cam{n}", "codec": c["codec"], "up": c["up"]}
                for n, c in sorted(self.cameras.items())
            ],
        }


def on_main_thread(fn):
    """Run fn on the GLib main loop and wait for its result."""
    done = threading.Event()
    box = {}

    def call():
        box["value"] = fn()
        done.set()
        return False

    GLib.idle_add(call)
    done.wait(5)
    return box.get("value")


def control_handler(sim):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args):
            pass

        def _reply(self, code, body):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if urlparse(self.path).path == "/status":
                return self._reply(200, on_main_thread(sim.status))
            return self._reply(404, {"error": "not found"})

        def do_POST(self):
            url = urlparse(self.path)
            parts = url.path.strip("/").split("/")
            if len(parts) != 3 or parts[0] != "cameras" or not parts[1].isdigit():
                return self._reply(404, {"error": "not found"})
            n = int(parts[1])
            if parts[2] == "drop":
                seconds = float(parse_qs(url.query).get("seconds", ["0"])[0])
                ok = on_main_thread(lambda: sim.drop(n, seconds))
            elif parts[2] == "restore":
                ok = on_main_thread(lambda: sim.restore(n))
            else:
                return self._reply(404, {"error": "not found"})
            return self._reply(200 if ok else 404, on_main_thread(sim.status))

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8554)
    p.add_argument("--control-port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--cameras", type=int, default=4)
    p.add_argument("--h265", type=lambda s: [int(x) for x in s.split(",") if x], default=[2])
    p.add_argument("--clips", required=True, help="folder with h264-main, h264-sub, h265-main, h265-sub chunks")
    p.add_argument("--user", default=os.environ.get("CAMSIM_USER", ""))
    p.add_argument("--password", default=os.environ.get("CAMSIM_PASSWORD", ""))
    args = p.parse_args()

    sim = Simulator(args)
    if sim.server.attach(None) == 0:
        print(json.dumps({"error": f"cannot listen on RTSP port {args.port}"}), flush=True)
        sys.exit(3)
    control = ThreadingHTTPServer(("127.0.0.1", args.control_port), control_handler(sim))
    threading.Thread(target=control.serve_forever, daemon=True).start()
    ready = {"ready": True, "rtspPort": args.port, "controlPort": control.server_address[1]}
    print(json.dumps(ready), flush=True)
    loop = GLib.MainLoop()
    try:
        loop.run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
