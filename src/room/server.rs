//! The room's HTTP face: routes, the checks every request passes (size, Host, Origin,
//! keys, the facilitator's token from loopback), and the clock thread.

use super::state::{MAX_TEAMS, Room};
use super::{ApiError, DEFAULT_PORT};
use serde_json::{Value, json};
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Largest request body read, in bytes (an action is well under 1 KiB).
pub const MAX_BODY: usize = 16 * 1024;
/// Worker threads answering requests.
const WORKERS: usize = 4;

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Scenario id (or path to a .ron file).
    #[arg(long)]
    pub scenario: String,
    /// The seed every team plays.
    #[arg(long)]
    pub seed: u64,
    /// Minutes per room week.
    #[arg(long, conflicts_with = "week_seconds")]
    pub week_minutes: Option<u64>,
    /// Seconds per room week (rehearsals and tests).
    #[arg(long)]
    pub week_seconds: Option<u64>,
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Address to bind (default: every interface).
    #[arg(long, default_value = "0.0.0.0")]
    pub bind: IpAddr,
    /// Folder for the room's durable state (default: the user data folder's `room`).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Folder with the scenario files (default: the shipped scenarios).
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
    /// Accept the facilitator's controls from other machines too (default: this one only).
    #[arg(long)]
    pub remote_control: bool,
    /// Most teams admitted.
    #[arg(long, default_value_t = 12)]
    pub max_teams: usize,
}

/// A running room: its address, and a way to stop it (tests).
pub struct Handle {
    pub addr: SocketAddr,
    pub room: Arc<Mutex<Room>>,
    stop: Arc<AtomicBool>,
    server: Arc<tiny_http::Server>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Handle {
    /// Stop serving and wait for every thread to end.
    pub fn stop(mut self) {
        self.shutdown();
    }
    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for _ in 0..self.threads.len() {
            self.server.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

struct Ctx {
    room: Arc<Mutex<Room>>,
    port: u16,
    remote_control: bool,
}

/// Start serving `room` on `bind:port`; returns at once.
pub fn spawn(room: Room, bind: IpAddr, port: u16, remote_control: bool) -> Result<Handle, String> {
    let server = tiny_http::Server::http(SocketAddr::new(bind, port))
        .map_err(|e| format!("cannot listen on {bind}:{port}: {e}"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or("the room listens on no IP address")?;
    let server = Arc::new(server);
    let room = Arc::new(Mutex::new(room));
    let stop = Arc::new(AtomicBool::new(false));
    let ctx = Arc::new(Ctx {
        room: room.clone(),
        port: addr.port(),
        remote_control,
    });
    let mut threads = Vec::new();
    for _ in 0..WORKERS {
        let (server, ctx, stop) = (server.clone(), ctx.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                match server.recv() {
                    Ok(req) => handle(&ctx, req),
                    Err(_) => break,
                }
            }
        }));
    }
    {
        let (room, stop) = (room.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(25));
                let mut r = room.lock().unwrap_or_else(|p| p.into_inner());
                if let Err(e) = r.tick() {
                    eprintln!("room clock: {e}");
                }
            }
        }));
    }
    // The clock thread is not blocked in recv: one unblock per worker is enough.
    Ok(Handle {
        addr,
        room,
        stop,
        server,
        threads,
    })
}

/// `sandtable room serve`; `lang` is the language of the room's pages by default.
pub fn serve(a: ServeArgs, lang: crate::i18n::Lang) -> Result<(), String> {
    let scn = crate::cli::load_scenario(&a.scenario, a.scenarios.as_deref()).map_err(|f| f.0)?;
    let week = match (a.week_minutes, a.week_seconds) {
        (_, Some(s)) => Duration::from_secs(s.max(1)),
        (Some(m), None) => Duration::from_secs(m.max(1) * 60),
        (None, None) => Duration::from_secs(10 * 60),
    };
    let data = a.data.clone().unwrap_or_else(super::default_data_dir);
    let mut room = Room::open(&data, scn.clone(), a.seed, week, a.max_teams.min(MAX_TEAMS))?;
    room.lang = lang;
    let resumed = room.status != super::state::Status::Lobby;
    let token = room.token().to_string();
    let h = spawn(room, a.bind, a.port, a.remote_control)?;
    let port = h.addr.port();
    // The first line is for scripts and tests: the address actually bound.
    println!("listening on {}", h.addr);
    println!(
        "room: scenario {} v{} seed {} · {} per week · data in {}{}",
        scn.id(),
        scn.file.version,
        a.seed,
        humantime(week),
        data.display(),
        if resumed { " · restarted: paused" } else { "" }
    );
    println!("teams join at (the projector page is the same address):");
    for (name, ip) in interfaces(a.bind) {
        println!("  {name:<12} http://{}/", SocketAddr::new(ip, port));
    }
    println!(
        "facilitator control (this machine{}): POST http://127.0.0.1:{port}/api/control/<start|pause|resume|extend|end-week|inject|lock|reveal|export|console>",
        if a.remote_control {
            " and others"
        } else {
            " only"
        }
    );
    println!("  Authorization: Bearer {token}");
    println!("  or: sandtable room control --url http://127.0.0.1:{port} --token {token} start");
    // The token rides in the fragment: a browser never sends it to a server or in a Referer.
    let local = if a.bind.is_unspecified() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), port)
    } else {
        h.addr
    };
    println!(
        "facilitator page (open it on this machine; keep the address to yourself):\n  {}",
        super::facilitator::url(&local.to_string(), &token)
    );
    if !local.ip().is_loopback() && !a.remote_control {
        println!(
            "  (the room does not listen on the loopback address: the page and the controls need --remote-control, or --bind 0.0.0.0)"
        );
    }
    // Serve until the process is stopped.
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

fn humantime(d: Duration) -> String {
    let s = d.as_secs();
    if s.is_multiple_of(60) {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// Every address this room answers on, with its interface name.
fn interfaces(bind: IpAddr) -> Vec<(String, IpAddr)> {
    if !bind.is_unspecified() {
        return vec![("(bound)".into(), bind)];
    }
    let mut out = Vec::new();
    #[cfg(unix)]
    unsafe {
        let mut ifap: *mut libc::ifaddrs = std::ptr::null_mut();
        if libc::getifaddrs(&mut ifap) == 0 {
            let mut p = ifap;
            while !p.is_null() {
                let ifa = &*p;
                if !ifa.ifa_addr.is_null() && i32::from((*ifa.ifa_addr).sa_family) == libc::AF_INET
                {
                    let sin = &*(ifa.ifa_addr as *const libc::sockaddr_in);
                    let ip = IpAddr::from(u32::from_be(sin.sin_addr.s_addr).to_be_bytes());
                    let name = std::ffi::CStr::from_ptr(ifa.ifa_name)
                        .to_string_lossy()
                        .into_owned();
                    out.push((name, ip));
                }
                p = ifa.ifa_next;
            }
            libc::freeifaddrs(ifap);
        }
    }
    if out.is_empty() {
        out.push(("(any)".into(), IpAddr::from([127, 0, 0, 1])));
    }
    out
}

fn header<'a>(req: &'a tiny_http::Request, name: &str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn respond(req: tiny_http::Request, status: u16, body: &Value) {
    let ct = tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..])
        .expect("a valid header");
    let nosniff = tiny_http::Header::from_bytes(&b"X-Content-Type-Options"[..], &b"nosniff"[..])
        .expect("a valid header");
    let resp = tiny_http::Response::from_string(body.to_string())
        .with_status_code(status)
        .with_header(ct)
        .with_header(nosniff);
    let _ = req.respond(resp);
}

/// Whether the Host header names this room: an IP literal or `localhost`, at our port. A
/// DNS name is refused, which defeats DNS rebinding from a team's browser.
fn host_ok(host: &str, port: u16) -> bool {
    let (h, p) = match host.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (h, p.parse::<u16>().ok()),
        _ => (host, Some(80)),
    };
    if p != Some(port) {
        return false;
    }
    let h = h.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok()
}

/// A page or file the room serves (not JSON).
struct Raw {
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

fn respond_raw(req: tiny_http::Request, raw: Raw) {
    let mut resp = tiny_http::Response::from_data(raw.body);
    let mut headers = vec![
        ("Content-Type", raw.content_type.to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
        ("X-Frame-Options", "DENY".to_string()),
    ];
    headers.extend(raw.headers);
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp = resp.with_header(h);
        }
    }
    let _ = req.respond(resp);
}

/// Every request passes these first: a Host naming this room, no foreign Origin.
fn guard(ctx: &Ctx, req: &tiny_http::Request) -> Result<(), ApiError> {
    let host = header(req, "Host").unwrap_or("");
    if !host_ok(host, ctx.port) {
        return Err(ApiError::Forbidden("unexpected Host".into()));
    }
    if let Some(origin) = header(req, "Origin")
        && origin != format!("http://{host}")
    {
        return Err(ApiError::Forbidden(
            "cross-origin requests are refused".into(),
        ));
    }
    Ok(())
}

/// The language a page asks for (`?lang=zh|en`), else the room's.
fn query_lang(query: &str, default: crate::i18n::Lang) -> crate::i18n::Lang {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(crate::i18n::Lang::from_code)
        .unwrap_or(default)
}

/// The facilitator's page is for the facilitator's own machine: a loopback peer that names
/// the room by a loopback address (unless `--remote-control`).
fn facilitator_ok(ctx: &Ctx, req: &tiny_http::Request) -> Result<(), ApiError> {
    if ctx.remote_control {
        return Ok(());
    }
    let peer = req.remote_addr().is_some_and(|a| a.ip().is_loopback());
    let host = header(req, "Host").unwrap_or("");
    if !peer || !super::facilitator::host_is_loopback(host) {
        return Err(ApiError::Forbidden(
            "the facilitator's page is served on the facilitator's machine only: open http://127.0.0.1:PORT/facilitator there (see --remote-control)"
                .into(),
        ));
    }
    Ok(())
}

/// A fresh nonce for a page's inline script and style.
fn nonce() -> Result<String, ApiError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| ApiError::Storage(e.to_string()))?;
    Ok(crate::replay::hex(&b))
}

/// The Content-Security-Policy of a page: only its own inline script and style (by nonce),
/// connections to the room, the room's font; no framing, no forms, no base.
fn csp(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; \
         connect-src 'self'; font-src 'self'; img-src 'self'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    )
}

/// The pages and files: the projector page (at `/` and `/projector`), the facilitator's
/// page, the results CSV and the shipped Chinese font. `None` when the path is none of them.
fn page(ctx: &Ctx, req: &tiny_http::Request) -> Option<Result<Raw, ApiError>> {
    if *req.method() != tiny_http::Method::Get {
        return None;
    }
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let room = || ctx.room.lock().unwrap_or_else(|p| p.into_inner());
    match path {
        "/" | "/projector" => Some((|| {
            let nonce = nonce()?;
            let r = room();
            let html = super::projector::page(&r, query_lang(query, r.lang), &nonce)?;
            Ok(Raw {
                content_type: "text/html; charset=utf-8",
                body: html.into_bytes(),
                headers: vec![
                    ("Content-Security-Policy", csp(&nonce)),
                    ("Cache-Control", "no-store".into()),
                ],
            })
        })()),
        super::facilitator::PATH => Some((|| {
            facilitator_ok(ctx, req)?;
            let nonce = nonce()?;
            let r = room();
            let html = super::facilitator::page(&r, query_lang(query, r.lang), &nonce)?;
            Ok(Raw {
                content_type: "text/html; charset=utf-8",
                body: html.into_bytes(),
                headers: vec![
                    ("Content-Security-Policy", csp(&nonce)),
                    ("Cache-Control", "no-store".into()),
                ],
            })
        })()),
        "/api/results.csv" => Some((|| {
            let r = room();
            let csv = super::projector::results_csv(&r, query_lang(query, r.lang))?;
            Ok(Raw {
                content_type: "text/csv; charset=utf-8",
                body: csv,
                headers: vec![
                    (
                        "Content-Disposition",
                        format!("attachment; filename=\"{}\"", crate::report::RESULTS_CSV),
                    ),
                    ("Cache-Control", "no-store".into()),
                ],
            })
        })()),
        "/assets/font.ttc" => Some(
            std::fs::read(crate::report::font_path())
                .map(|body| Raw {
                    content_type: "font/collection",
                    body,
                    headers: vec![("Cache-Control", "max-age=86400".into())],
                })
                .map_err(|_| ApiError::NotFound),
        ),
        _ => None,
    }
}

fn handle(ctx: &Ctx, mut req: tiny_http::Request) {
    if let Err(e) = guard(ctx, &req) {
        return respond(req, e.status(), &e.body());
    }
    match page(ctx, &req) {
        Some(Ok(raw)) => return respond_raw(req, raw),
        Some(Err(e)) => return respond(req, e.status(), &e.body()),
        None => {}
    }
    let result = route(ctx, &mut req);
    match result {
        Ok(v) => respond(req, 200, &v),
        Err(e) => respond(req, e.status(), &e.body()),
    }
}

fn body_json(req: &mut tiny_http::Request) -> Result<Value, ApiError> {
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(ApiError::TooLarge);
    }
    let mut buf = Vec::new();
    req.as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ApiError::Bad(e.to_string()))?;
    if buf.len() > MAX_BODY {
        return Err(ApiError::TooLarge);
    }
    if buf.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(&buf).map_err(|e| ApiError::Bad(format!("not JSON: {e}")))
}

fn str_field<'a>(v: &'a Value, k: &str) -> Result<&'a str, ApiError> {
    v.get(k)
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::Bad(format!("`{k}` is missing")))
}

fn num_field(v: &Value, k: &str) -> Result<u64, ApiError> {
    v.get(k)
        .and_then(Value::as_u64)
        .ok_or_else(|| ApiError::Bad(format!("`{k}` is missing")))
}

fn route(ctx: &Ctx, req: &mut tiny_http::Request) -> Result<Value, ApiError> {
    guard(ctx, req)?;
    let post = *req.method() == tiny_http::Method::Post;
    let get = *req.method() == tiny_http::Method::Get;
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let room = || ctx.room.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(cmd) = path.strip_prefix("/api/control/") {
        if !post {
            return Err(ApiError::Forbidden("controls are POST only".into()));
        }
        let loopback = req.remote_addr().is_some_and(|a| a.ip().is_loopback());
        if !loopback && !ctx.remote_control {
            return Err(ApiError::Forbidden(
                "controls are accepted from the facilitator's machine only (see --remote-control)"
                    .into(),
            ));
        }
        let token = header(req, "Authorization")
            .and_then(|a| a.strip_prefix("Bearer "))
            .unwrap_or("")
            .to_string();
        let body = body_json(req)?;
        let mut r = room();
        if !r.token_ok(&token) {
            return Err(ApiError::Unauthorized);
        }
        return match cmd {
            "start" => r.start().map(|_| r.progress()),
            "pause" => r.pause().map(|_| r.progress()),
            "resume" => r.resume().map(|_| r.progress()),
            "extend" => {
                let s = body.get("seconds").and_then(Value::as_u64).unwrap_or(60);
                r.extend(s).map(|_| r.progress())
            }
            "inject" => {
                let id = str_field(&body, "inject")?;
                r.inject(id).map(|n| json!({"inject": id, "teams": n}))
            }
            "end-week" => r.end_week_now().map(|_| r.progress()),
            "lock" => r.lock().map(|_| r.progress()),
            "reveal" => r.reveal().and_then(|_| r.results()),
            "export" => r.export(),
            "console" => Ok(r.console()),
            _ => Err(ApiError::NotFound),
        };
    }
    match path {
        "/api/hello" if get => {
            let r = room();
            Ok(json!({
                "engine_version": env!("CARGO_PKG_VERSION"),
                "rules_version": crate::sim::RULES_VERSION,
                "scenario": r.scn.id(),
                "scenario_hash": r.scn.hash,
                "version": r.scn.file.version,
                "seed": r.seed,
                "status": r.status.wire(),
            }))
        }
        "/api/progress" if get => Ok(room().progress()),
        "/api/results" if get => room().results(),
        "/api/join" if post => {
            let b = body_json(req)?;
            let (team, key) = room().join(
                str_field(&b, "name")?,
                str_field(&b, "engine_version")?,
                num_field(&b, "rules_version")? as u32,
            )?;
            Ok(json!({"team": team, "key": key}))
        }
        "/api/rejoin" if post => {
            let b = body_json(req)?;
            let (team, key) = room().rejoin(
                str_field(&b, "code")?,
                str_field(&b, "engine_version")?,
                num_field(&b, "rules_version")? as u32,
            )?;
            Ok(json!({"team": team, "key": key}))
        }
        "/api/team/state" | "/api/team/act" | "/api/team/ready" => {
            let key = header(req, "Authorization")
                .and_then(|a| a.strip_prefix("Team "))
                .unwrap_or("")
                .to_string();
            let b = if post { body_json(req)? } else { json!({}) };
            let mut r = room();
            let team = r.team_of(&key).ok_or(ApiError::Unauthorized)?;
            match path {
                "/api/team/state" if get => {
                    let since = query
                        .split('&')
                        .find_map(|kv| kv.strip_prefix("since="))
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    Ok(r.team_state(team, since))
                }
                "/api/team/act" if post => {
                    let pos = num_field(&b, "pos")? as usize;
                    let (pos, digest) = r.act(team, pos, str_field(&b, "act")?)?;
                    Ok(json!({"pos": pos, "digest": digest}))
                }
                "/api/team/ready" if post => {
                    let pos = num_field(&b, "pos")? as usize;
                    r.ready(team, pos)?;
                    Ok(json!({"ready": true}))
                }
                _ => Err(ApiError::NotFound),
            }
        }
        _ => Err(ApiError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::host_ok;

    #[test]
    fn only_ip_literals_and_localhost_at_our_port_are_accepted_hosts() {
        assert!(host_ok("127.0.0.1:7750", 7750));
        assert!(host_ok("localhost:7750", 7750));
        assert!(host_ok("192.168.1.20:7750", 7750));
        assert!(host_ok("[::1]:7750", 7750));
        assert!(!host_ok("evil.example:7750", 7750));
        assert!(!host_ok("127.0.0.1:80", 7750));
        assert!(!host_ok("", 7750));
    }
}
