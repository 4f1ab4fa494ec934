//! A room's client side: a small blocking HTTP client, bot teams that play against a room
//! through the same API a team's game window uses, and the facilitator's command line.

use crate::bots::{Policy, Stepper};
use crate::replay::hex;
use crate::sim::script::parse_act;
use crate::sim::{Act, Game, Scenario};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A response: status and JSON body.
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

/// The room's address, from `http://host:port[/]`.
pub fn parse_url(url: &str) -> Result<(String, SocketAddr), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("the room's URL starts with http://")?;
    let host = rest.split('/').next().unwrap_or("");
    let addr = host
        .to_socket_addrs()
        .map_err(|e| format!("{host}: {e}"))?
        .next()
        .ok_or_else(|| format!("{host}: no address"))?;
    Ok((host.to_string(), addr))
}

/// One request over a fresh connection (`Connection: close`).
pub fn request(
    host: &str,
    addr: SocketAddr,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: Option<&Value>,
) -> Result<Reply, String> {
    let t = Timeouts {
        connect: Duration::from_secs(5),
        io: Duration::from_secs(30),
    };
    request_within(host, addr, method, path, auth, body, t)
}

/// How long a request may wait to connect, and then for each read or write.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub io: Duration,
}

/// [`request`] with chosen timeouts (a team's game window must never wait long on the
/// network: see `link`).
pub fn request_within(
    host: &str,
    addr: SocketAddr,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: Option<&Value>,
    t: Timeouts,
) -> Result<Reply, String> {
    let mut s = TcpStream::connect_timeout(&addr, t.connect.max(Duration::from_millis(1)))
        .map_err(|e| format!("cannot reach the room at {addr}: {e}"))?;
    s.set_read_timeout(Some(t.io.max(Duration::from_millis(1))))
        .ok();
    s.set_write_timeout(Some(t.io.max(Duration::from_millis(1))))
        .ok();
    s.set_nodelay(true).ok();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        payload.len()
    );
    if body.is_some() {
        head.push_str("Content-Type: application/json\r\n");
    }
    if let Some(a) = auth {
        head.push_str(&format!("Authorization: {a}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())
        .and_then(|_| s.write_all(payload.as_bytes()))
        .map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    s.take(64 * 1024 * 1024)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text.split_once("\r\n\r\n").ok_or("a broken answer")?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("a broken status line")?;
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    });
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    let body = serde_json::from_str(&body).unwrap_or(Value::Null);
    Ok(Reply { status, body })
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((len, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

/// A connection to a room as one team.
pub struct TeamClient {
    host: String,
    addr: SocketAddr,
    pub key: String,
    pub team: usize,
}

impl TeamClient {
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Reply, String> {
        request(
            &self.host,
            self.addr,
            method,
            path,
            Some(&format!("Team {}", self.key)),
            body,
        )
    }
    /// A client for a team whose key is already known (after the room restarted).
    pub fn with_key(url: &str, team: usize, key: &str) -> Result<TeamClient, String> {
        let (host, addr) = parse_url(url)?;
        Ok(TeamClient {
            host,
            addr,
            key: key.to_string(),
            team,
        })
    }
    pub fn join(url: &str, name: &str) -> Result<TeamClient, String> {
        let (host, addr) = parse_url(url)?;
        let r = request(
            &host,
            addr,
            "POST",
            "/api/join",
            None,
            Some(&hello(name, None)),
        )?;
        Self::from_reply(host, addr, r)
    }
    pub fn rejoin(url: &str, code: &str) -> Result<TeamClient, String> {
        let (host, addr) = parse_url(url)?;
        let r = request(
            &host,
            addr,
            "POST",
            "/api/rejoin",
            None,
            Some(&hello("", Some(code))),
        )?;
        Self::from_reply(host, addr, r)
    }
    fn from_reply(host: String, addr: SocketAddr, r: Reply) -> Result<TeamClient, String> {
        if r.status != 200 {
            return Err(format!("{}: {}", r.status, r.body["error"]));
        }
        Ok(TeamClient {
            host,
            addr,
            key: r.body["key"].as_str().unwrap_or("").to_string(),
            team: r.body["team"].as_u64().unwrap_or(0) as usize,
        })
    }
    pub fn state(&self, since: usize) -> Result<Reply, String> {
        self.call("GET", &format!("/api/team/state?since={since}"), None)
    }
    pub fn act(&self, pos: usize, act: &str) -> Result<Reply, String> {
        self.call(
            "POST",
            "/api/team/act",
            Some(&json!({"pos": pos, "act": act})),
        )
    }
    pub fn ready(&self, pos: usize) -> Result<Reply, String> {
        self.call("POST", "/api/team/ready", Some(&json!({"pos": pos})))
    }
}

pub(crate) fn hello(name: &str, code: Option<&str>) -> Value {
    let mut v = json!({
        "name": name,
        "engine_version": env!("CARGO_PKG_VERSION"),
        "rules_version": crate::sim::RULES_VERSION,
    });
    if let Some(c) = code {
        v["code"] = c.into();
    }
    v
}

/// A team's local copy of its game, kept in step with the room's log.
pub struct Mirror {
    pub game: Game,
    pub pos: usize,
}

impl Mirror {
    pub fn new(scn: Arc<Scenario>, seed: u64) -> Mirror {
        Mirror {
            game: Game::new(scn, seed),
            pos: 0,
        }
    }
    /// Apply the room's entries from `state` (which must start at our position); false when
    /// they do not fit, and the caller rebuilds from position 0.
    pub fn catch_up(&mut self, state: &Value) -> bool {
        if state["since"].as_u64() != Some(self.pos as u64) {
            return false;
        }
        let scn = self.game.scenario().clone();
        for e in state["entries"].as_array().into_iter().flatten() {
            if let Some(line) = e["act"].as_str() {
                let Ok(a) = parse_act(&scn, line) else {
                    return false;
                };
                if self.game.apply(a).is_err() {
                    return false;
                }
            } else if let Some(id) = e["inject"].as_str() {
                match scn.inject_ix(id) {
                    Some(i) if self.game.fire_inject(i).is_ok() => {}
                    _ => return false,
                }
            } else {
                return false;
            }
            self.pos += 1;
        }
        true
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct BotsArgs {
    /// The room, e.g. http://127.0.0.1:7750
    #[arg(long)]
    pub url: String,
    /// Number of bot teams, 1 to 64.
    #[arg(long, default_value_t = 4)]
    pub teams: usize,
    /// Policies, used in turn: e.g. expert,naive,random
    #[arg(long, default_value = "expert,naive,random")]
    pub policy: String,
    /// Prefix of the bot teams' names.
    #[arg(long, default_value = "bot")]
    pub prefix: String,
    /// Folder with the scenario files (default: the shipped scenarios).
    #[arg(long)]
    pub scenarios: Option<std::path::PathBuf>,
    /// Print each action's latency summary as JSON at the end (load tests).
    #[arg(long)]
    pub stats: bool,
    /// Stop this bot after so many actions, as if its laptop died (tests).
    #[arg(long)]
    pub drop_after: Option<usize>,
}

/// What one bot team did.
#[derive(Debug, Default, Clone)]
pub struct BotReport {
    pub name: String,
    pub actions: usize,
    /// Every action the room acknowledged: (log position, line).
    pub acked: Vec<(usize, String)>,
    pub latencies_us: Vec<u64>,
    pub rebuilds: usize,
    pub finished: bool,
}

/// Play one bot team until its game is over or the room locks; what it did is in `rep`
/// even when the room goes away mid-game.
pub fn play_bot(
    client: &TeamClient,
    scn: Arc<Scenario>,
    policy: Policy,
    stop_after: Option<usize>,
    rep: &mut BotReport,
) -> Result<(), String> {
    let first = client.state(0)?;
    let seed = first.body["seed"]
        .as_u64()
        .ok_or("no seed in the room's answer")?;
    if first.body["scenario_hash"].as_str() != Some(scn.hash.as_str()) {
        return Err("the room plays another version of the scenario than this machine has".into());
    }
    let mut m = Mirror::new(scn.clone(), seed);
    let mut bot = Stepper::new(policy, seed ^ client.team as u64);
    let mut last = first;
    loop {
        if !m.catch_up(&last.body) {
            m = Mirror::new(scn.clone(), seed);
            bot = Stepper::new(policy, seed ^ client.team as u64);
            rep.rebuilds += 1;
            last = client.state(0)?;
            continue;
        }
        let room_pos = last.body["pos"].as_u64().unwrap_or(0) as usize;
        if m.pos < room_pos {
            last = client.state(m.pos)?;
            continue;
        }
        if last.body["digest"].as_str() != Some(&super::state_digest(&m.game)) {
            m = Mirror::new(scn.clone(), seed);
            rep.rebuilds += 1;
            last = client.state(0)?;
            continue;
        }
        let status = last.body["status"].as_str().unwrap_or("");
        if m.game.is_over() || status == "locked" {
            rep.finished = m.game.is_over();
            return Ok(());
        }
        let mine = status == "running"
            && !last.body["ready"].as_bool().unwrap_or(false)
            && (m.game.phase() != crate::sim::Phase::Playing
                || Some(m.game.week() as u64) == last.body["room_week"].as_u64());
        if !mine {
            std::thread::sleep(Duration::from_millis(15));
            last = client.state(m.pos)?;
            continue;
        }
        if stop_after.is_some_and(|n| rep.actions >= n) {
            return Ok(());
        }
        let act = bot.next(&m.game);
        let t0 = Instant::now();
        if act == Act::EndWeek || m.game.check(&act).is_err() {
            let r = client.ready(m.pos)?;
            rep.latencies_us.push(t0.elapsed().as_micros() as u64);
            if r.status == 429 {
                std::thread::sleep(Duration::from_millis(50));
            }
        } else {
            let line = crate::sim::script::format_act(&scn, &act);
            let r = client.act(m.pos, &line)?;
            rep.latencies_us.push(t0.elapsed().as_micros() as u64);
            match r.status {
                200 => {
                    rep.acked.push((m.pos, line.clone()));
                    m.game.apply(act).map_err(|e| e.to_string())?;
                    m.pos += 1;
                    rep.actions += 1;
                    if r.body["digest"].as_str() != Some(&super::state_digest(&m.game)) {
                        rep.rebuilds += 1;
                        m = Mirror::new(scn.clone(), seed);
                    }
                }
                429 => std::thread::sleep(Duration::from_millis(50)),
                // Out of step (an inject or the room's week end came first), paused, or
                // refused: read the room's log again.
                _ => {}
            }
        }
        last = client.state(m.pos)?;
    }
}

/// `sandtable room bots`.
pub fn bots(a: BotsArgs) -> Result<(), String> {
    let policies: Vec<Policy> = a
        .policy
        .split(',')
        .map(|p| Policy::from_name(p.trim()).ok_or_else(|| format!("unknown policy `{p}`")))
        .collect::<Result<_, _>>()?;
    if policies.is_empty() || a.teams == 0 || a.teams > super::state::MAX_TEAMS {
        return Err(format!("--teams takes 1 to {}", super::state::MAX_TEAMS));
    }
    let (host, addr) = parse_url(&a.url)?;
    let hello = request(&host, addr, "GET", "/api/hello", None, None)?;
    let id = hello.body["scenario"].as_str().unwrap_or("").to_string();
    let catalog = crate::catalog::load_dir(
        &a.scenarios
            .clone()
            .unwrap_or_else(crate::paths::scenarios_dir),
    );
    let hash = hello.body["scenario_hash"].as_str().unwrap_or("");
    let scn = match crate::catalog::find_version(&catalog, &id, hash) {
        crate::catalog::Version::Found(s) => s,
        _ => {
            return Err(format!(
                "this machine has no scenario `{id}` with the room's hash"
            ));
        }
    };
    let mut clients = Vec::new();
    for i in 0..a.teams {
        let p = policies[i % policies.len()];
        let name = format!("{}-{:02}-{}", a.prefix, i + 1, p.name());
        clients.push((TeamClient::join(&a.url, &name)?, p, name));
    }
    println!(
        "{} bot teams joined; waiting for the facilitator to start",
        clients.len()
    );
    let handles: Vec<_> = clients
        .into_iter()
        .map(|(c, p, name)| {
            let scn = scn.clone();
            let drop_after = a.drop_after;
            std::thread::spawn(move || {
                let mut rep = BotReport {
                    name,
                    ..Default::default()
                };
                play_bot(&c, scn, p, drop_after, &mut rep).map(|_| rep)
            })
        })
        .collect();
    let mut all = Vec::new();
    for h in handles {
        match h.join() {
            Ok(Ok(r)) => {
                println!(
                    "{}: {} actions, {}",
                    r.name,
                    r.actions,
                    if r.finished { "finished" } else { "stopped" }
                );
                all.push(r);
            }
            Ok(Err(e)) => println!("bot failed: {e}"),
            Err(_) => println!("bot thread panicked"),
        }
    }
    if a.stats {
        let mut lat: Vec<u64> = all.iter().flat_map(|r| r.latencies_us.clone()).collect();
        lat.sort_unstable();
        let pct = |q: f64| {
            lat.get(((lat.len() as f64 * q) as usize).min(lat.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0)
        };
        println!(
            "{}",
            json!({"requests": lat.len(), "actions": all.iter().map(|r| r.actions).sum::<usize>(),
                   "p50_us": pct(0.5), "p95_us": pct(0.95), "max_us": lat.last().copied().unwrap_or(0)})
        );
    }
    Ok(())
}

#[derive(clap::Args, Debug, Clone)]
pub struct ControlArgs {
    /// The room, e.g. http://127.0.0.1:7750
    #[arg(long)]
    pub url: String,
    /// The facilitator's token printed by `room serve`.
    #[arg(long)]
    pub token: String,
    /// start, pause, resume, extend, end-week, inject, lock, reveal, export or console.
    pub command: String,
    /// The inject's id (inject) or the seconds to add (extend).
    pub arg: Option<String>,
}

/// `sandtable room control`.
pub fn control(a: ControlArgs) -> Result<(), String> {
    let (host, addr) = parse_url(&a.url)?;
    let body = match (a.command.as_str(), &a.arg) {
        ("inject", Some(id)) => json!({"inject": id}),
        ("extend", Some(s)) => json!({"seconds": s.parse::<u64>().map_err(|e| e.to_string())?}),
        _ => json!({}),
    };
    let r = request(
        &host,
        addr,
        "POST",
        &format!("/api/control/{}", a.command),
        Some(&format!("Bearer {}", a.token)),
        Some(&body),
    )?;
    println!(
        "{}",
        serde_json::to_string_pretty(&r.body).unwrap_or_default()
    );
    if r.status == 200 {
        Ok(())
    } else {
        Err(format!("the room refused: {}", r.status))
    }
}

/// A random-looking name suffix (tests).
pub fn nonce() -> String {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    hex(&b)
}
