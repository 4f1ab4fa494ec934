//! The facilitator's controls page (`/facilitator`): served only to the facilitator's own
//! machine, in both languages, holding no token and no room data; everything it shows and
//! does goes through `/api/control/…` with the token, and each control the page offers
//! works there or is refused with a reason the page can say in its language. Team names are
//! hostile and never reach the page's markup.
#![cfg(feature = "room")]

mod common;
use sandtable::i18n::Lang;
use sandtable::room::client::TeamClient;
use sandtable::room::facilitator;
use sandtable::room::server::spawn;
use sandtable::room::state::Room;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, UdpSocket};
use std::process::{Command, Stdio};
use std::time::Duration;

const HOSTILE: &str = "<img src=x onerror=alert(1)>队";

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One request as a browser on `host` would send it (the page's script sends the Origin
/// of the page, the token as a Bearer header, and a JSON body).
fn send(
    addr: SocketAddr,
    host: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Answer {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let payload = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        payload.len()
    );
    if method == "POST" {
        head.push_str(&format!(
            "Origin: http://{host}\r\nContent-Type: application/json\r\n"
        ));
    }
    if let Some(t) = token {
        head.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("writes");
    s.write_all(payload.as_bytes()).expect("writes");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("reads");
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a head");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

struct Facil {
    addr: SocketAddr,
    host: String,
    token: String,
}

impl Facil {
    fn control(&self, cmd: &str, body: Value) -> Answer {
        send(
            self.addr,
            &self.host,
            "POST",
            &format!("/api/control/{cmd}"),
            Some(&self.token),
            Some(&body),
        )
    }
    /// A control the page sends that must succeed; answers its JSON.
    fn ok(&self, cmd: &str, body: Value) -> Value {
        let a = self.control(cmd, body);
        assert_eq!(a.status, 200, "{cmd}: {}", a.body);
        a.json()
    }
    /// A control the room must refuse with this reason, which the page says in both languages.
    fn refused(&self, cmd: &str, body: Value, reason: &str) {
        let a = self.control(cmd, body);
        assert_eq!(a.status, 409, "{cmd}: {}", a.body);
        assert_eq!(a.json()["reason"], reason, "{cmd}: {}", a.body);
        for lang in [Lang::Zh, Lang::En] {
            let text = facilitator::labels_json(lang)[format!("err_{reason}")].clone();
            assert!(
                text.as_str()
                    .is_some_and(|t| !t.is_empty() && !t.contains("facil.")),
                "{lang:?}: the page has no text for {reason}"
            );
        }
    }
    fn console(&self) -> Value {
        self.ok("console", json!({}))
    }
}

fn room(dir: &std::path::Path, week: Duration) -> Room {
    Room::open(dir, common::shipped("tutorial"), 11, week, 12).expect("room")
}

#[test]
fn the_page_is_served_in_both_languages_to_the_facilitators_machine_only_and_holds_no_secret() {
    let dir = tempfile::tempdir().expect("tmp");
    let r = room(dir.path(), Duration::from_secs(600));
    let token = r.token().to_string();
    let h = spawn(r, IpAddr::from([127, 0, 0, 1]), 0, false).expect("serves");
    let addr = h.addr;
    let host = addr.to_string();
    let url = format!("http://{addr}");
    TeamClient::join(&url, HOSTILE).expect("joins");

    for (lang, words) in [
        (
            "zh",
            [
                "讲师控制台",
                "开始",
                "暂停",
                "立即结束本周",
                "公布结果",
                "加 5 分钟",
            ],
        ),
        (
            "en",
            [
                "Facilitator controls",
                "Start",
                "Pause",
                "End the week now",
                "Reveal the results",
                "+5 min",
            ],
        ),
    ] {
        let p = send(
            addr,
            &host,
            "GET",
            &format!("/facilitator?lang={lang}"),
            None,
            None,
        );
        assert_eq!(p.status, 200, "{lang}: {}", p.body);
        assert!(p.header("Content-Type").unwrap_or("").contains("text/html"));
        for w in words {
            assert!(p.body.contains(w), "{lang}: no {w:?}");
        }
        // Only the page's own inline script and style run, by a fresh nonce; it talks only to
        // the room, cannot be framed, is not cached and sends no Referer.
        let csp = p.header("Content-Security-Policy").expect("a CSP");
        assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .expect("a nonce");
        assert!(p.body.contains(&format!("<script nonce=\"{nonce}\">")));
        assert_eq!(p.header("Cache-Control"), Some("no-store"));
        assert_eq!(p.header("Referrer-Policy"), Some("no-referrer"));
        // A shell: no token, no team, no inject text (they come with the token).
        assert!(
            !p.body.contains(&token),
            "{lang}: the token is not in the page"
        );
        assert!(!p.body.contains("onerror=alert") && !p.body.contains("<img"));
        assert!(!p.body.contains("预算下调") && !p.body.contains("budget is cut"));
    }
    let nonce = |a: Answer| {
        a.header("Content-Security-Policy")
            .and_then(|c| c.split("'nonce-").nth(1))
            .map(str::to_string)
            .expect("a nonce")
    };
    assert_ne!(
        nonce(send(addr, &host, "GET", "/facilitator", None, None)),
        nonce(send(addr, &host, "GET", "/facilitator", None, None)),
        "a fresh nonce each time"
    );

    // A Host that is not this machine's loopback address is refused (a team's browser
    // cannot reach it through the LAN name of the laptop), as is a foreign Origin.
    for bad in [
        format!("192.0.2.7:{}", addr.port()),
        format!("10.1.2.3:{}", addr.port()),
    ] {
        let p = send(addr, &bad, "GET", "/facilitator", None, None);
        assert_eq!(p.status, 403, "Host {bad}: {}", p.body);
    }
    assert_eq!(
        send(
            addr,
            &format!("evil.example:{}", addr.port()),
            "GET",
            "/facilitator",
            None,
            None
        )
        .status,
        403
    );
    let mut s = TcpStream::connect(addr).expect("connects");
    write!(
        s,
        "GET /facilitator HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok();
    assert!(buf.starts_with("HTTP/1.1 403"), "{buf}");

    // Without the token, or with a wrong one, the page's data and controls are refused.
    for t in [None, Some("0123456789abcdef0123456789abcdef"), Some("")] {
        for cmd in ["console", "start", "reveal"] {
            let a = send(
                addr,
                &host,
                "POST",
                &format!("/api/control/{cmd}"),
                t,
                Some(&json!({})),
            );
            assert_eq!(a.status, 401, "{cmd} with {t:?}: {}", a.body);
            assert_eq!(a.json()["code"], "unauthorized");
        }
    }
    // A GET (a link, an <img>) changes nothing.
    let a = send(addr, &host, "GET", "/api/control/start", Some(&token), None);
    assert_eq!(a.status, 403);
    assert_eq!(h.room.lock().unwrap().status.wire(), "lobby");
    h.stop();
}

/// This machine's address on its network (not loopback), when it has one.
fn lan_ip() -> Option<IpAddr> {
    // Connecting a UDP socket sends nothing: it only picks the route's source address.
    ["198.51.100.1:9", "10.255.255.1:9", "192.168.255.1:9"]
        .iter()
        .find_map(|to| {
            let s = UdpSocket::bind("0.0.0.0:0").ok()?;
            s.connect(to).ok()?;
            let ip = s.local_addr().ok()?.ip();
            (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
        })
}

#[test]
fn a_peer_on_the_network_gets_the_page_only_with_remote_control() {
    let Some(ip) = lan_ip() else {
        eprintln!("skipped: this machine has no network address besides loopback");
        return;
    };
    for remote in [false, true] {
        let dir = tempfile::tempdir().expect("tmp");
        let r = room(dir.path(), Duration::from_secs(600));
        let token = r.token().to_string();
        let h = spawn(r, IpAddr::from([0, 0, 0, 0]), 0, remote).expect("serves");
        let lan = SocketAddr::new(ip, h.addr.port());
        let host = lan.to_string();
        // The peer is this machine's LAN address: as a team's laptop would be.
        let page = send(lan, &host, "GET", "/facilitator", None, None);
        let console = send(
            lan,
            &host,
            "POST",
            "/api/control/console",
            Some(&token),
            Some(&json!({})),
        );
        if remote {
            assert_eq!(page.status, 200, "{}", page.body);
            assert_eq!(console.status, 200, "{}", console.body);
        } else {
            assert_eq!(page.status, 403, "{}", page.body);
            assert!(
                page.body.contains("facilitator's machine only"),
                "{}",
                page.body
            );
            assert_eq!(console.status, 403, "{}", console.body);
            // The projector page stays open to everyone.
            assert_eq!(send(lan, &host, "GET", "/", None, None).status, 200);
        }
        h.stop();
    }
}

#[test]
fn every_control_on_the_page_works_through_its_endpoints_or_says_why_not() {
    let dir = tempfile::tempdir().expect("tmp");
    let r = room(dir.path(), Duration::from_secs(600));
    let token = r.token().to_string();
    let h = spawn(r, IpAddr::from([127, 0, 0, 1]), 0, false).expect("serves");
    let f = Facil {
        addr: h.addr,
        host: h.addr.to_string(),
        token,
    };
    let url = format!("http://{}", h.addr);

    // Before any team: nothing to start.
    f.refused("start", json!({}), "no_teams");
    let teams: Vec<TeamClient> = [HOSTILE, "Team Beta", "甲队"]
        .iter()
        .map(|n| TeamClient::join(&url, n).expect("joins"))
        .collect();
    f.refused("inject", json!({"inject": "budget_cut"}), "not_playing");
    f.refused("end-week", json!({}), "not_playing");
    f.refused("pause", json!({}), "not_running");

    // What the page shows: every team with its week, stage, state and rejoin code, the
    // scenario's injects with their texts, the room's week and time.
    let c = f.console();
    assert_eq!(c["status"], "lobby");
    assert_eq!(c["room_week"], 1);
    assert_eq!(c["week_seconds"], 600);
    assert_eq!(c["weeks_left"], true, "every team has its weeks ahead");
    let names: Vec<&str> = c["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .map(|t| t["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        names,
        [HOSTILE, "Team Beta", "甲队"],
        "names come back as they are, as JSON text"
    );
    for t in c["teams"].as_array().expect("teams") {
        assert_eq!(t["week"], 1);
        assert_eq!(t["ready"], false);
        assert!(
            t["stage"]
                .as_str()
                .is_some_and(|s| !s.is_empty() && !s.contains('.'))
        );
        assert_eq!(t["rejoin_code"].as_str().map(str::len), Some(8));
    }
    let unfired: Vec<&str> = c["unfired_injects"]
        .as_array()
        .expect("unfired")
        .iter()
        .map(|x| x["inject"].as_str().expect("id"))
        .collect();
    assert_eq!(unfired, ["suda_price_cut", "budget_cut", "zhao_audit"]);
    assert!(
        c["unfired_injects"][1]["text"]["zh"]
            .as_str()
            .unwrap()
            .contains("预算下调")
    );
    assert!(
        c["unfired_injects"][1]["text"]["en"]
            .as_str()
            .unwrap()
            .contains("budget is cut")
    );
    // The JSON is served as JSON, never sniffed as a page.
    let raw = f.control("console", json!({}));
    assert!(
        raw.header("Content-Type")
            .unwrap_or("")
            .starts_with("application/json")
    );
    assert_eq!(raw.header("X-Content-Type-Options"), Some("nosniff"));

    // The clock: start, pause, the three extend buttons, resume.
    assert_eq!(f.ok("start", json!({}))["status"], "running");
    f.refused("start", json!({}), "already_started");
    f.refused("resume", json!({}), "not_paused");
    let p = f.ok("pause", json!({}));
    assert_eq!(p["status"], "paused");
    let mut left = p["seconds_left"].as_f64().expect("seconds");
    assert!(left > 590.0 && left <= 600.0, "{left}");
    for minutes in facilitator::EXTEND_MINUTES {
        let p = f.ok("extend", json!({"seconds": minutes * 60}));
        let now = p["seconds_left"].as_f64().expect("seconds");
        assert!(
            (now - left - (minutes * 60) as f64).abs() < 0.01,
            "+{minutes} min: {left} → {now}"
        );
        left = now;
    }
    // End the week now, while paused: every team moves on, the new week is paused with its
    // full time.
    let p = f.ok("end-week", json!({}));
    assert_eq!(p["room_week"], 2);
    assert_eq!(p["status"], "paused");
    assert_eq!(p["seconds_left"].as_f64(), Some(600.0));
    assert!(
        p["teams"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["week"] == 2)
    );
    let p = f.ok("resume", json!({}));
    assert_eq!(p["status"], "running");
    assert_eq!(f.console()["weeks_left"], true);

    // An inject from the list: it leaves the list, joins the fired ones, lands on every team.
    let i = f.ok("inject", json!({"inject": "budget_cut"}));
    assert_eq!(i["inject"], "budget_cut");
    assert_eq!(i["teams"], 3);
    f.refused("inject", json!({"inject": "budget_cut"}), "already_fired");
    let c = f.console();
    let unfired: Vec<&str> = c["unfired_injects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["inject"].as_str().unwrap())
        .collect();
    assert_eq!(unfired, ["suda_price_cut", "zhao_audit"]);
    assert_eq!(c["injects"][0]["inject"], "budget_cut");
    assert_eq!(c["injects"][0]["week"], 2);
    for t in &teams {
        let st = t.state(0).expect("state").body;
        assert!(
            st["entries"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["inject"] == "budget_cut"),
            "{st}"
        );
    }
    // The end of the week again, running this time: the clock restarts for the new week.
    let p = f.ok("end-week", json!({}));
    assert_eq!(p["room_week"], 3);
    assert_eq!(p["status"], "running");
    assert!(p["seconds_left"].as_f64().unwrap() > 590.0);

    // Wrap-up: reveal and export need the lock.
    f.refused("reveal", json!({}), "lock_before_reveal");
    f.refused("export", json!({}), "lock_before_export");
    assert_eq!(
        send(h.addr, &f.host, "GET", "/api/results", None, None).status,
        403,
        "nothing revealed yet"
    );
    assert_eq!(f.ok("lock", json!({}))["status"], "locked");
    f.refused("extend", json!({"seconds": 60}), "locked");
    f.refused("end-week", json!({}), "not_playing");
    f.refused("pause", json!({}), "not_running");
    let r = f.ok("reveal", json!({}));
    assert_eq!(r["teams"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        send(h.addr, &f.host, "GET", "/api/results", None, None).status,
        200,
        "the reveal made the results public"
    );
    assert_eq!(f.console()["revealed"], true);
    let e = f.ok("export", json!({}));
    let files = e["files"].as_array().expect("files");
    assert_eq!(files.len(), 3);
    for x in files {
        let p = std::path::Path::new(x["file"].as_str().unwrap());
        assert!(p.is_file(), "{}", p.display());
        assert!(p.starts_with(dir.path().join("export")));
    }
    assert_eq!(e["dir"], dir.path().join("export").display().to_string());
    h.stop();
}

#[test]
fn the_end_of_the_week_is_refused_once_every_game_is_over() {
    let dir = tempfile::tempdir().expect("tmp");
    let r = room(dir.path(), Duration::from_secs(600));
    let token = r.token().to_string();
    let h = spawn(r, IpAddr::from([127, 0, 0, 1]), 0, false).expect("serves");
    let f = Facil {
        addr: h.addr,
        host: h.addr.to_string(),
        token,
    };
    TeamClient::join(&format!("http://{}", h.addr), "solo").expect("joins");
    f.ok("start", json!({}));
    // The facilitator ends week after week: the idle team's game runs out of weeks.
    let mut weeks = 0;
    loop {
        let a = f.control("end-week", json!({}));
        if a.status != 200 {
            assert_eq!(a.json()["reason"], "no_weeks_left", "{}", a.body);
            break;
        }
        weeks += 1;
        assert!(weeks < 60, "the game never ended");
    }
    let c = f.console();
    assert_eq!(c["teams"][0]["over"], true);
    assert_eq!(c["weeks_left"], false);
    assert_eq!(c["status"], "running");
    h.stop();
}

#[test]
fn room_serve_prints_the_page_with_the_token_in_the_fragment_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut c = Command::new(env!("CARGO_BIN_EXE_sandtable"))
        .args([
            "room",
            "serve",
            "--scenario",
            "tutorial",
            "--seed",
            "3",
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--data",
        ])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let out = c.stdout.take().expect("stdout");
    let mut lines = BufReader::new(out).lines();
    let (mut token, mut page) = (String::new(), String::new());
    for l in lines.by_ref().take(40) {
        let l = l.expect("line");
        if let Some(t) = l.trim().strip_prefix("Authorization: Bearer ") {
            token = t.to_string();
        }
        if l.trim().starts_with("http://") && l.contains("/facilitator") {
            page = l.trim().to_string();
            break;
        }
    }
    let _ = c.kill();
    let _ = c.wait();
    assert!(!token.is_empty(), "no token printed");
    let (before, fragment) = page.split_once('#').expect("a fragment");
    assert_eq!(fragment, format!("token={token}"));
    assert!(!before.contains(&token) && !before.contains('?'), "{page}");
    assert!(before.starts_with("http://127.0.0.1:") && before.ends_with("/facilitator"));
}
