"""`make bench`: how fast the assistant answers over REST, next to Rasa's default configuration.

Starts the action server and Rasa exactly as `make run` does (service.run.children), on free ports
with a fresh data folder (embedded SQLite), and three Rasa servers calling that one action server:

- OURS: our model (models/assistant.tar.gz) served as `make run` serves it;
- PEER: a model trained on the same domain and data with Rasa 3.6's default configuration
  (bench/peer_config.yml; trained once into models/peer/ and reused while domain, data and that
  config are unchanged), served as stock Rasa serves it: Rasa's own REST channel and SQL tracker
  store (SQLite), none of our channel code. This is what a new project would start from, and the
  comparison of the issue's throughput target;
- PEER-OUR-SERVING: the peer's model served by our code, to show how much of the difference the
  model accounts for and how much the serving code (channels/speedups.py).

For each server:

- 1, 10 and 50 concurrent conversations of 10 patient questions each (tests/e2e/patient_questions.yml)
  over the REST channel: p50/p95/p99 latency, messages per second, errors, and the servers' CPU time
  per message (less sensitive than latency to the other work on a shared machine). The 1-conversation
  level runs 5 conversations one after another, so its p95 is not just the slowest of 10 turns;
- the NLU-only `/model/parse` latency (HTTP API with the token), the floor of a turn (ours, peer);
- the peak memory (VmHWM) of each server process;
- where a turn's time goes (ours, peer): a separate, instrumented Rasa server (same command line,
  started through `serve_profiled`) times every graph node, the tracker and lock stores and the
  action-server call, and takes a cProfile of the turns.

Prints the figures and writes them into docs/benchmarks.md between the `bench:` markers (the
analysis around them is written by hand). A measurement, not a test: no figure fails the command.

    python -m scripts.bench                 everything above (the first run trains the peer: 35-45 min here)
    python -m scripts.bench --train-ours    also time a cold training of our model into a temporary folder
    python -m scripts.bench --no-docs       print only
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import io
import json
import math
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from service.settings import PROJECT_ROOT, free_port

if TYPE_CHECKING:
    from service.run import Child

QUESTIONS_FILE = PROJECT_ROOT / "tests" / "e2e" / "patient_questions.yml"
PEER_CONFIG = PROJECT_ROOT / "bench" / "peer_config.yml"
PEER_DIR = PROJECT_ROOT / "models" / "peer"
PEER_MODEL = PEER_DIR / "peer.tar.gz"
PEER_RECORD = PEER_DIR / "training.json"
DOCS_FILE = PROJECT_ROOT / "docs" / "benchmarks.md"
DOCS_START, DOCS_END = "<!-- bench:start -->", "<!-- bench:end -->"

# The three Rasa servers: our model as `make run` serves it; the peer as stock Rasa serves it (the
# target's comparison); the peer on our serving code, which shows what the model alone accounts for.
OURS, PEER, PEER_OUR_SERVING = "ours", "peer", "peer-our-serving"

TURNS = 10
CONCURRENCY = (1, 10, 50)
SOLO_CONVERSATIONS = 5  # the 1-conversation level: this many conversations one after another
WARM_UP_TURNS = 5
PARSE_SAMPLES = 60
PROFILE_TURNS = 30
REQUEST_TIMEOUT_S = 60
TARGET_SOLO_P95_MS = 80
TARGET_THROUGHPUT_RATIO = 2.0

# Messages from these senders steer the instrumented server instead of being answered.
CONTROL_DUMP = "bench-control-dump"  # write the stage timings (and cProfile stats), then start afresh
CONTROL_CPROFILE = "bench-control-cprofile"  # take a cProfile of the following turns
PROFILED_ENTRY = "from scripts.bench import serve_profiled; serve_profiled()"


# --- figures -------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Level:
    """One model answering `conversations` concurrent conversations."""

    model: str
    conversations: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0  # no HTTP 200 within the timeout
    empty: int = 0  # HTTP 200 without any reply
    seconds: float = 0.0
    cpu_ms: dict[str, float] = field(default_factory=dict)  # process name -> CPU ms per answered message
    load: float = 0.0

    @property
    def answered(self) -> int:
        return len(self.latencies_ms)

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


def conversation_plan(questions: list[str], count: int, turns: int, label: str) -> list[list[tuple[str, str]]]:
    """`count` conversations of `turns` (sender, message) pairs: each sender new, the questions
    taken in turn from a different starting point, so concurrent conversations ask different things."""
    run = uuid.uuid4().hex[:6]
    return [
        [(f"bench-{label}-{run}-{index}", questions[(index * turns + turn) % len(questions)]) for turn in range(turns)]
        for index in range(count)
    ]


def load_questions() -> list[str]:
    return [entry["question"] for entry in yaml.safe_load(QUESTIONS_FILE.read_text())]


# --- processes -----------------------------------------------------------------------------------


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return 0


def peak_rss_mb(pid: int) -> float:
    """The highest resident set size the process has had (VmHWM), in MB."""
    return _status_kib(pid, "VmHWM") / 1024


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    return os.getloadavg()[0]


# --- training ------------------------------------------------------------------------------------


def train_model(config: Path, out_dir: Path, name: str, log: Path) -> float:
    """Trains `config` on our domain and data into `out_dir/name.tar.gz` with an empty Rasa cache
    (a cold training, and the shared .rasa/cache is left alone); returns the seconds it took.
    Niced: the cores are shared, and other people's tests come first."""
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", RASA_CACHE_DIRECTORY=str(out_dir / "cache"))
    command = ["nice", "-n", "10", sys.executable, "-m", "rasa", "train", "--config", str(config)]
    command += ["--domain", "domain.yml"]
    command += ["--data", "data", "--out", str(out_dir), "--fixed-model-name", name]
    started = time.perf_counter()
    with open(log, "w") as output:
        result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    shutil.rmtree(out_dir / "cache", ignore_errors=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: training {name} failed (exit {result.returncode}); see {log}")
    return seconds


def peer_fingerprint() -> str:
    from service.train import fingerprint

    data = sorted((PROJECT_ROOT / "data").rglob("*.yml"))
    return fingerprint([PROJECT_ROOT / "domain.yml", PEER_CONFIG, *data, PROJECT_ROOT / "requirements.lock"])


def ensure_peer_model() -> dict:
    """The peer model, trained only when domain, data or its config changed; returns its training record."""
    wanted = peer_fingerprint()
    if PEER_MODEL.exists() and PEER_RECORD.exists():
        record = json.loads(PEER_RECORD.read_text())
        if record.get("fingerprint") == wanted:
            print(
                f"bench: reusing the peer model {PEER_MODEL.relative_to(PROJECT_ROOT)} (trained {record['trained_at']})"
            )
            return record
    PEER_DIR.mkdir(parents=True, exist_ok=True)
    log = PEER_DIR / "train.log"
    print(f"bench: training the peer model (Rasa's default configuration; 35-45 minutes on 2 cores; log {log})...")
    load_before = load_average()
    with tempfile.TemporaryDirectory(dir=PEER_DIR) as folder:
        seconds = train_model(PEER_CONFIG, Path(folder), "peer", log)
        os.replace(Path(folder) / "peer.tar.gz", PEER_MODEL)
    record = {
        "fingerprint": wanted,
        "seconds": round(seconds),
        "trained_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load": [round(load_before, 2), round(load_average(), 2)],
    }
    PEER_RECORD.write_text(json.dumps(record, indent=2))
    print(f"bench: peer model trained in {seconds:.0f} s")
    return record


def last_training(log: Path) -> str:
    """What the last `python -m service.train` log says about its duration."""
    if not log.exists():
        return "unknown (no train.log; run with --train-ours)"
    text = log.read_text(errors="replace")
    recorded = re.search(r"model trained in (\d+) s", text)
    if recorded:
        return f"{recorded.group(1)} s (train.log)"
    stamps = re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text)
    if len(stamps) < 2:
        return "unknown (train.log has no timestamps; run with --train-ours)"
    first, last = (datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S") for stamp in (stamps[0], stamps[-1]))
    cached = "from cache" in text
    note = ", some components restored from Rasa's cache" if cached else ""
    return f"{(last - first).total_seconds():.0f} s between train.log's first and last lines{note}"


# --- servers -------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    url: str
    child: Child
    profile_dir: Path | None = None
    token: str = ""  # the REST webhook's credential (stock Rasa ignores it)


@dataclass(frozen=True)
class Variant:
    """One Rasa server of the benchmark: a model, served by our code or by stock Rasa."""

    name: str
    model: Path
    stock: bool  # Rasa's own REST channel and SQL tracker store, none of our channel code
    profiled: bool  # also start an instrumented twin, `<name>-profiled`


def stock_configuration(folder: Path, action_endpoint: str) -> tuple[Path, Path]:
    """What `rasa init` plus a SQLite tracker store gives: credentials with Rasa's REST channel
    only, and endpoints naming the action server and the tracker store; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    credentials, endpoints = folder / "stock-credentials.yml", folder / "stock-endpoints.yml"
    credentials.write_text("rest:\n")
    tracker_store = {"type": "SQL", "dialect": "sqlite", "db": str(folder / "tracker.db")}
    endpoints.write_text(yaml.safe_dump({"action_endpoint": {"url": action_endpoint}, "tracker_store": tracker_store}))
    return credentials, endpoints


@contextmanager
def running_servers(data_dir: Path, variants: list[Variant], token: str) -> Iterator[tuple[Child, dict[str, Server]]]:
    """The action server, then a Rasa server per variant (and its instrumented twin), all launched
    with `make run`'s command lines; yields the action server's Child and the servers by name."""
    from inquiries.database import upgrade
    from knowledge.build import build
    from knowledge.database import make_engine
    from service.run import children, stop_all, wait_until_ready
    from service.settings import Settings

    base = Settings.isolated(data_dir, token)
    build(make_engine(base.knowledge_db_url))
    upgrade(make_engine(base.inquiry_db_url))

    def rasa_server(name: str, variant: Variant, profiled: bool) -> tuple[Server, dict]:
        folder = data_dir / name  # its own tracker store, endpoints and credentials files
        settings = replace(
            base, rasa_port=free_port(), data_dir=folder, tracker_store_url=f"sqlite:///{folder / 'tracker.db'}"
        )
        child = next(child for child in children(settings) if child.name == "rasa")
        command = list(child.command)
        command[command.index("--model") + 1] = str(variant.model)
        if variant.stock:
            credentials, endpoints = stock_configuration(folder, base.action_endpoint_url)
            command[command.index("--credentials") + 1] = str(credentials)
            command[command.index("--endpoints") + 1] = str(endpoints)
        env = settings.child_environment()
        profile_dir = None
        if profiled:
            profile_dir = folder / "profile"
            profile_dir.mkdir(parents=True)
            command = [command[0], "-c", PROFILED_ENTRY, *command[3:]]  # `python -m rasa run ...` instrumented
            env["BENCH_PROFILE_DIR"] = str(profile_dir)
        child = replace(child, name=name, command=command, log=base.log_dir / f"{name}.log")
        return Server(name, f"http://127.0.0.1:{settings.rasa_port}", child, profile_dir, token), env

    actions = next(child for child in children(base) if child.name == "actions")
    launches = [(actions, base.child_environment())]
    servers: dict[str, Server] = {}
    for variant in variants:
        for profiled in (False, True) if variant.profiled else (False,):
            server, env = rasa_server(f"{variant.name}-profiled" if profiled else variant.name, variant, profiled)
            servers[server.name] = server
            launches.append((server.child, env))
    started = []
    try:
        for child, env in launches:
            child.start(env)
            started.append(child)
        wait_until_ready(started)
        yield actions, servers
    finally:
        stop_all(started)


# --- load ----------------------------------------------------------------------------------------


async def _converse(session, url: str, turns: list[tuple[str, str]], level: Level) -> None:
    import aiohttp

    for sender, message in turns:
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as response:
                replies = await response.json(content_type=None) if response.status == 200 else None
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            replies = None
        if replies is None:
            level.errors += 1
            continue
        level.latencies_ms.append((time.perf_counter() - started) * 1000)
        level.empty += not replies


async def _run_conversations(server: Server, batches: list[list[list[tuple[str, str]]]], level: Level) -> None:
    """Each batch's conversations at once, one batch after another, on one connection pool."""
    import aiohttp

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=0)
    headers = {"Authorization": f"Bearer {server.token}"}
    async with aiohttp.ClientSession(timeout=timeout, connector=connector, headers=headers) as session:
        webhook = f"{server.url}/webhooks/rest/webhook"
        for batch in batches:
            await asyncio.gather(*(_converse(session, webhook, turns, level) for turns in batch))


def measure_level(server: Server, pids: dict[str, int], questions: list[str], concurrency: int) -> Level:
    level = Level(server.name, concurrency, load=load_average())
    plan = conversation_plan(
        questions, concurrency * (SOLO_CONVERSATIONS if concurrency == 1 else 1), TURNS, server.name
    )
    batches = [plan[start : start + concurrency] for start in range(0, len(plan), concurrency)]
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    started = time.perf_counter()
    asyncio.run(_run_conversations(server, batches, level))
    level.seconds = time.perf_counter() - started
    level.cpu_ms = {
        name: (cpu_seconds(pid) - cpu_before[name]) * 1000 / max(level.answered, 1) for name, pid in pids.items()
    }
    return level


def warm_up(server: Server, questions: list[str], token: str) -> None:
    """The first turns trace TensorFlow's graphs and open database connections: not measured."""
    asyncio.run(
        _run_conversations(server, [conversation_plan(questions, 1, WARM_UP_TURNS, "warm-up")], Level("", 1))
    )
    parse_latencies(server, questions[:WARM_UP_TURNS], token)


def parse_latencies(server: Server, questions: list[str], token: str) -> list[float]:
    """Sequential `/model/parse` calls: NLU only, no tracker, no policies, no action."""
    import requests

    latencies = []
    with requests.Session() as session:
        for question in questions:
            started = time.perf_counter()
            response = session.post(
                f"{server.url}/model/parse", params={"token": token}, json={"text": question}, timeout=30
            )
            response.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def send_control(server: Server, sender: str) -> None:
    import requests

    requests.post(
        f"{server.url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "-"},
        headers={"Authorization": f"Bearer {server.token}"},
        timeout=30,
    )


def profile_turns(server: Server, questions: list[str]) -> tuple[dict, str]:
    """Stage timings of PROFILE_TURNS sequential turns, then a cProfile of as many more turns."""
    send_control(server, CONTROL_DUMP)  # forget the warm-up
    level = Level(server.name, 1)
    conversations = conversation_plan(questions, PROFILE_TURNS // TURNS, TURNS, "profile")
    asyncio.run(_run_conversations(server, [[turns] for turns in conversations], level))
    send_control(server, CONTROL_DUMP)
    stages = json.loads((server.profile_dir / "stages.json").read_text())
    stages["client round trip"] = [sum(level.latencies_ms) / 1000, level.answered]
    send_control(server, CONTROL_CPROFILE)
    asyncio.run(_run_conversations(server, [[turns] for turns in conversations], Level(server.name, 1)))
    send_control(server, CONTROL_DUMP)
    return stages, top_functions(server.profile_dir / "turns.prof")


def top_functions(path: Path, count: int = 15) -> str:
    output = io.StringIO()
    stats = pstats.Stats(str(path), stream=output)
    stats.sort_stats("tottime").print_stats(count)
    lines = output.getvalue().splitlines()
    start = next(index for index, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    site = str(Path(sys.prefix) / "lib")
    return "\n".join(line.replace(site, "") for line in lines[start:] if line.strip())


# --- the instrumented Rasa server ----------------------------------------------------------------


class StageTimer:
    """Wall-clock time per stage of the turns handled by this process, plus an optional cProfile."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: Counter = Counter()
        self.phase = "other"
        self.profile: cProfile.Profile | None = None

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] += seconds
        self.calls[stage] += 1

    def dump(self) -> None:
        stages = {stage: [seconds, self.calls[stage]] for stage, seconds in self.seconds.items()}
        (self.folder / "stages.json").write_text(json.dumps(stages, indent=1))
        if self.profile is not None:
            self.profile.dump_stats(self.folder / "turns.prof")
        self.seconds.clear()
        self.calls.clear()
        self.profile = None

    def time_sync(self, owner: object, name: str, stage: Callable[[object], str], phase: str | None = None) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(instance, *args, **kwargs):
            outer, self.phase = self.phase, phase or self.phase
            started = time.perf_counter()
            try:
                return original(instance, *args, **kwargs)
            finally:
                self.add(stage(instance), time.perf_counter() - started)
                self.phase = outer

        setattr(owner, name, timed)

    def time_async(self, owner: type, name: str, stage: str, phase: str | None = None) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        async def timed(instance, *args, **kwargs):
            outer, self.phase = self.phase, phase or self.phase
            started = time.perf_counter()
            try:
                return await original(instance, *args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - started)
                self.phase = outer

        setattr(owner, name, timed)


def instrument(timer: StageTimer) -> None:
    """Wraps the parts of Rasa 3.6 a REST turn goes through (one conversation at a time: the phase
    a graph node runs in is a plain attribute)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.lock_store import LockStore
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import FailSafeTrackerStore
    from rasa.engine.graph import GraphNode
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.utils.endpoints import EndpointConfig

    from channels import speedups

    timer.time_sync(GraphNode, "__call__", lambda node: f"{timer.phase} node {node._node_name}")
    timer.time_sync(DaskGraphRunner, "run", lambda _: f"{timer.phase} graph run (nodes + dask)")
    timer.time_async(MessageProcessor, "handle_message", "processor.handle_message")
    timer.time_async(MessageProcessor, "parse_message", "NLU parse_message", phase="NLU")
    timer.time_async(MessageProcessor, "run_action_extract_slots", "slot extraction (action_extract_slots)")
    timer.time_sync(MessageProcessor, "_predict_next_with_tracker", lambda _: "policies predict", phase="policies")
    timer.time_async(MessageProcessor, "_run_action", "run action (all, incl. action server call)")
    timer.time_async(RemoteAction, "run", "action server call (RemoteAction.run)")
    timer.time_sync(RemoteAction, "_action_call_format", lambda _: "action call: tracker state + domain to send")
    timer.time_async(EndpointConfig, "request", "action call: HTTP request (JSON both ways, action server)")
    timer.time_sync(RemoteAction, "_validate_action_result", lambda _: "action call: jsonschema check of the answer")
    # Our servers replace that check when their channels load (channels.speedups.install).
    timer.time_sync(speedups, "validate_action_result", lambda _: "action call: jsonschema check of the answer")
    timer.time_async(FailSafeTrackerStore, "retrieve", "tracker store read")
    timer.time_async(FailSafeTrackerStore, "save", "tracker store write")
    timer.time_sync(LockStore, "issue_ticket", lambda _: "lock store (ticket, acquire, release)")
    timer.time_async(LockStore, "_acquire_lock", "lock store (ticket, acquire, release)")
    timer.time_sync(LockStore, "cleanup", lambda _: "lock store (ticket, acquire, release)")

    handle_message = Agent.handle_message

    @functools.wraps(handle_message)
    async def controlled(agent, message):
        if message.sender_id.endswith(CONTROL_DUMP):  # "rest:..." on ours, as sent on stock Rasa
            timer.dump()
            return []
        if message.sender_id.endswith(CONTROL_CPROFILE):
            timer.profile = cProfile.Profile()
            return []
        started = time.perf_counter()
        if timer.profile is not None:
            timer.profile.enable()
        try:
            return await handle_message(agent, message)
        finally:
            if timer.profile is not None:
                timer.profile.disable()
            timer.add("agent.handle_message (lock + processor)", time.perf_counter() - started)

    Agent.handle_message = controlled


def serve_profiled() -> None:
    """`python -c PROFILED_ENTRY run ...`: Rasa's own `rasa run`, instrumented; writes to $BENCH_PROFILE_DIR."""
    instrument(StageTimer(Path(os.environ["BENCH_PROFILE_DIR"])))
    from rasa.__main__ import main

    sys.argv = ["rasa", *sys.argv[1:]]
    main()


# --- report --------------------------------------------------------------------------------------


def versions() -> str:
    from importlib.metadata import version

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.machine(),
    )
    packages = ", ".join(f"{name} {version(name)}" for name in ("rasa", "rasa-sdk", "tensorflow", "spacy"))
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {packages}"


def stage_table(stages: dict, turns: int) -> list[str]:
    rows = ["| stage | ms per turn | calls per turn |", "|---|---:|---:|"]
    for stage, (seconds, calls) in sorted(stages.items(), key=lambda item: -item[1][0]):
        rows.append(f"| {stage} | {seconds * 1000 / turns:.1f} | {calls / turns:.1f} |")
    return rows


def report(
    levels: list[Level],
    parse: dict[str, list[float]],
    memory: dict[str, float],
    training: dict[str, str],
    profiles: dict[str, tuple[dict, str]],
    loads: tuple[tuple[float, ...], tuple[float, ...]],
) -> str:
    ours, peer = OURS, PEER

    def level(model: str, concurrency: int) -> Level:
        return next(item for item in levels if item.model == model and item.conversations == concurrency)

    lines = [
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M UTC} on {versions()}.",
        f"Load average (1, 5, 15 min) at the start {', '.join(f'{x:.2f}' for x in loads[0])}, "
        f"at the end {', '.join(f'{x:.2f}' for x in loads[1])}: other work shares these cores.",
        "",
        "### Conversations over REST (10 turns each)",
        "",
        "| server | concurrent | turns | p50 ms | p95 ms | p99 ms | msg/s | errors | no reply "
        "| Rasa CPU ms/msg | actions CPU ms/msg | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for item in levels:
        lines.append(
            f"| {item.model} | {item.conversations} | {item.answered + item.errors} | {item.p(50):.0f} "
            f"| {item.p(95):.0f} | {item.p(99):.0f} | {item.per_second:.1f} | {item.errors} | {item.empty} "
            f"| {item.cpu_ms['rasa']:.0f} | {item.cpu_ms['actions']:.0f} | {item.load:.2f} |"
        )
    lines += [
        "",
        f"1 concurrent: {SOLO_CONVERSATIONS} conversations one after another. Errors: no HTTP 200 within "
        f"{REQUEST_TIMEOUT_S} s. No reply: HTTP 200 with an empty list. CPU: the server process's user + system time "
        "during the level divided by the answered messages (the actions column is the shared action server).",
        "",
        "### NLU floor: `/model/parse` (sequential)",
        "",
        "| model | parse p50 ms | parse p95 ms | turn p50 / parse p50 (1 conversation) |",
        "|---|---:|---:|---:|",
    ]
    for model, latencies in parse.items():
        ratio = level(model, 1).p(50) / percentile(latencies, 50)
        lines.append(f"| {model} | {percentile(latencies, 50):.1f} | {percentile(latencies, 95):.1f} | {ratio:.1f} |")
    lines += ["", "### Peak memory (VmHWM)", "", "| process | MB |", "|---|---:|"]
    lines += [f"| {name} | {megabytes:.0f} |" for name, megabytes in memory.items()]
    lines += ["", "### Training", "", "| model | time |", "|---|---|"]
    lines += [f"| {name} | {text} |" for name, text in training.items()]
    ratio_10 = level(ours, 10).per_second / level(peer, 10).per_second
    solo_p95 = level(ours, 1).p(95)
    errors = sum(item.errors for item in levels if item.model == ours)
    lines += [
        "",
        "### Targets (issue 8)",
        "",
        f"- no errors with our model: {'met' if errors == 0 else 'NOT met'} ({errors} errors)",
        f"- messages per second at 10 conversations at least {TARGET_THROUGHPUT_RATIO:g}x the peer's: "
        f"{'met' if ratio_10 >= TARGET_THROUGHPUT_RATIO else 'NOT met'} "
        f"({level(ours, 10).per_second:.1f} vs {level(peer, 10).per_second:.1f} msg/s, {ratio_10:.1f}x)",
        f"- p95 with one conversation at most {TARGET_SOLO_P95_MS} ms: "
        f"{'met' if solo_p95 <= TARGET_SOLO_P95_MS else 'NOT met'} ({solo_p95:.0f} ms)",
    ]
    if any(item.model == PEER_OUR_SERVING for item in levels):
        served = level(PEER_OUR_SERVING, 10).per_second
        lines += [
            "",
            f"For the record, not a target: at 10 conversations ours is {level(ours, 10).per_second / served:.1f}x "
            f"the peer served by our code ({served:.1f} msg/s), the part the model choice accounts for; the peer "
            f"on our code is {served / level(peer, 10).per_second:.1f}x the peer on stock Rasa, the part the "
            "serving code accounts for.",
        ]
    for model, (stages, functions) in profiles.items():
        turns = stages["client round trip"][1]
        lines += [
            "",
            f"### Where a turn goes: {model} ({turns} sequential turns on an instrumented server)",
            "",
            "Wall-clock time per turn; stages nest (a graph run contains its nodes, `processor.handle_message` "
            "contains the parse, predictions, actions and the tracker store), so the column does not add up.",
            "",
            *stage_table(stages, turns),
            "",
            f"cProfile of {turns} more turns, top functions by own time (paths below site-packages):",
            "",
            "```",
            functions,
            "```",
        ]
    return "\n".join(lines)


def write_docs(generated: str) -> None:
    block = f"{DOCS_START}\n{generated}\n{DOCS_END}"
    if DOCS_FILE.exists() and DOCS_START in DOCS_FILE.read_text():
        before, rest = DOCS_FILE.read_text().split(DOCS_START, 1)
        after = rest.split(DOCS_END, 1)[1]
        DOCS_FILE.write_text(before + block + after)
    else:
        DOCS_FILE.parent.mkdir(parents=True, exist_ok=True)
        DOCS_FILE.write_text(f"# Benchmarks\n\nFigures of `make bench` (scripts/bench.py).\n\n{block}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train-ours", action="store_true", help="time a cold training of our model (minutes)")
    parser.add_argument("--no-docs", action="store_true", help="print the figures without writing docs/benchmarks.md")
    args = parser.parse_args()

    from service.train import MODEL_FILE, ensure_spacy_pipeline

    if not MODEL_FILE.exists():
        raise SystemExit("bench: no trained model; run `make train` first")
    ensure_spacy_pipeline()
    loads_start = os.getloadavg()
    print(f"bench: load average {', '.join(f'{x:.2f}' for x in loads_start)} on {os.cpu_count()} cores")
    peer_record = ensure_peer_model()
    training = {
        "ours (config.yml)": last_training(
            Path(os.environ.get("LOG_DIR", PROJECT_ROOT / "var" / "logs")) / "train.log"
        ),
        "peer (bench/peer_config.yml)": f"{peer_record['seconds']} s, cold cache (trained {peer_record['trained_at']}, "
        f"load {peer_record['load'][0]} -> {peer_record['load'][1]})",
    }
    if args.train_ours:
        print("bench: training a copy of our model with a cold cache (models/assistant.tar.gz is left alone)...")
        with tempfile.TemporaryDirectory() as folder:
            load_before = load_average()
            seconds = train_model(PROJECT_ROOT / "config.yml", Path(folder), "assistant", Path(folder) / "train.log")
        training["ours (config.yml)"] = f"{seconds:.0f} s, cold cache (load {load_before:.2f} -> {load_average():.2f})"

    questions = load_questions()
    token = uuid.uuid4().hex
    levels, parse, profiles = [], {}, {}
    variants = [
        Variant(OURS, MODEL_FILE, stock=False, profiled=True),
        Variant(PEER, PEER_MODEL, stock=True, profiled=True),
        Variant(PEER_OUR_SERVING, PEER_MODEL, stock=False, profiled=False),
    ]
    names = [variant.name for variant in variants]
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        print("bench: starting the action server and the Rasa servers (about a minute)...", flush=True)
        with running_servers(Path(folder), variants, token) as (actions, servers):
            for name in names:
                warm_up(servers[name], questions, token)
            for concurrency in CONCURRENCY:  # the servers take turns, so a change in load hits all of them
                for name in names:
                    pids = {"rasa": servers[name].child.process.pid, "actions": actions.process.pid}
                    level = measure_level(servers[name], pids, questions, concurrency)
                    print(
                        f"bench: {name} x{concurrency}: p50 {level.p(50):.0f} ms, p95 {level.p(95):.0f} ms, "
                        f"{level.per_second:.1f} msg/s, {level.errors} errors (load {level.load:.2f})",
                        flush=True,
                    )
                    levels.append(level)
            for name in (OURS, PEER):
                parse[name] = parse_latencies(servers[name], (questions * 2)[:PARSE_SAMPLES], token)
            for name in (OURS, PEER):
                print(f"bench: profiling a turn of {name}...", flush=True)
                warm_up(servers[f"{name}-profiled"], questions, token)
                profiles[name] = profile_turns(servers[f"{name}-profiled"], questions)
            memory = {f"Rasa server, {name}": peak_rss_mb(servers[name].child.process.pid) for name in names}
            memory["action server (shared)"] = peak_rss_mb(actions.process.pid)
    generated = report(levels, parse, memory, training, profiles, (loads_start, os.getloadavg()))
    print(generated)
    if not args.no_docs:
        write_docs(generated)
        print(f"bench: written to {DOCS_FILE.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
