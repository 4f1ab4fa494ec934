//! The room's projector page on the loopback address: it serves in both languages, shows
//! the clock and each team's progress but no hidden truth before the reveal, and the
//! verified scoreboard, the side-by-side weeks, the debrief questions and the CSV after it.
//! Team names are hostile and come out escaped; the page carries no facilitator token.
#![cfg(feature = "room")]

mod common;
use sandtable::bots::Policy;
use sandtable::room::client::{BotReport, TeamClient, play_bot, request};
use sandtable::room::server::spawn;
use sandtable::room::state::Room;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const HOSTILE: &str = "<script>alert(1)</script>";

struct Page {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Page {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A plain GET with the headers a browser would send.
fn get(addr: SocketAddr, host: &str, path: &str, origin: Option<&str>) -> Page {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    if let Some(o) = origin {
        head.push_str(&format!("Origin: {o}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("writes");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("reads");
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    Page {
        status,
        head,
        body: buf[split + 4..].to_vec(),
    }
}

fn control(addr: SocketAddr, host: &str, token: &str, cmd: &str) -> (u16, Value) {
    let r = request(
        host,
        addr,
        "POST",
        &format!("/api/control/{cmd}"),
        Some(&format!("Bearer {token}")),
        Some(&json!({})),
    )
    .expect("answers");
    (r.status, r.body)
}

#[test]
fn the_projector_hides_the_truth_until_the_reveal_then_shows_the_scoreboard() {
    let dir = tempfile::tempdir().expect("tmp");
    let scn = common::shipped("tutorial");
    let notes = scn
        .file
        .facilitator_notes
        .clone()
        .expect("the tutorial has facilitator notes");
    let r = Room::open(dir.path(), scn.clone(), 7, Duration::from_millis(300), 12).expect("room");
    let token = r.token().to_string();
    let h = spawn(r, IpAddr::from([127, 0, 0, 1]), 0, false).expect("serves");
    let addr = h.addr;
    let host = addr.to_string();
    let url = format!("http://{addr}");

    // The page before anyone joined, in the room's default language (zh).
    let p = get(addr, &host, "/", None);
    assert_eq!(p.status, 200);
    assert!(p.head.contains("text/html"), "{}", p.head);
    // Only the page's own inline script runs (by a fresh nonce), and it talks only to the room.
    let csp = p
        .head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Security-Policy: "))
        .expect("a Content-Security-Policy");
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce");
    assert!(p.text().contains(&format!("<script nonce=\"{nonce}\">")));
    let again = get(addr, &host, "/", None).head;
    assert!(!again.contains(nonce), "a fresh nonce each time");
    assert!(p.text().contains("还没有队伍加入"), "{}", p.text());

    let teams: Vec<TeamClient> = [HOSTILE, "Team Beta", "甲队"]
        .iter()
        .map(|n| TeamClient::join(&url, n).expect("joins"))
        .collect();
    assert_eq!(control(addr, &host, &token, "start").0, 200);
    let r = request(
        &host,
        addr,
        "POST",
        "/api/control/inject",
        Some(&format!("Bearer {token}")),
        Some(&json!({"inject": "budget_cut"})),
    )
    .expect("answers");
    assert_eq!(r.status, 200, "{}", r.body);
    // Play a few actions, then pause: the page shows a game in play.
    let threads: Vec<_> = teams
        .into_iter()
        .map(|c| {
            let scn = scn.clone();
            std::thread::spawn(move || {
                let mut rep = BotReport::default();
                play_bot(&c, scn, Policy::Expert, None, &mut rep).map(|_| rep)
            })
        })
        .collect();
    let t0 = Instant::now();
    for lang in ["zh", "en"] {
        let p = get(addr, &host, &format!("/projector?lang={lang}"), None);
        assert_eq!(p.status, 200);
        let html = p.text();
        // Escaped, never markup; no token; no truth.
        assert!(
            !html.contains(HOSTILE),
            "{lang}: the hostile name is escaped"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "{lang}");
        assert!(!html.contains(&token), "{lang}: no facilitator token");
        for hidden in [
            notes.zh.as_deref().unwrap_or(""),
            notes.en.as_deref().unwrap_or(""),
        ] {
            let start: String = hidden.chars().skip(8).take(20).collect();
            assert!(!html.contains(&start), "{lang}: no facilitator notes");
        }
        let (board, week, inject) = if lang == "zh" {
            ("成绩榜", "第 ", "预算下调 30 万元")
        } else {
            ("Scoreboard", "Week ", "budget is cut by 300,000 yuan")
        };
        assert!(html.contains(inject), "{lang}: the fired inject is shown");
        assert!(
            !html.contains(board),
            "{lang}: no scoreboard before the reveal"
        );
        assert!(html.contains(week) && html.contains("Team Beta"), "{lang}");
        assert!(!html.contains("class=\"board\""), "{lang}");
        assert!(html.contains("data-revealed=\"false\""), "{lang}");
    }
    // No results, as JSON or CSV, before the reveal.
    assert_eq!(get(addr, &host, "/api/results.csv", None).status, 403);
    assert_eq!(get(addr, &host, "/api/results", None).status, 403);
    // The same Host and Origin checks as the rest of the room.
    assert_eq!(get(addr, "evil.example:80", "/", None).status, 403);
    assert_eq!(
        get(addr, &host, "/", Some("http://evil.example")).status,
        403
    );
    // The font the page names is served by the room (when the assets hold it).
    if sandtable::report::font_path().is_file() {
        let f = get(addr, &host, "/assets/font.ttc", None);
        assert_eq!(f.status, 200);
        assert!(f.body.len() > 1_000_000);
    }
    for t in threads {
        let rep = t.join().expect("thread").expect("plays");
        assert!(rep.finished);
    }
    assert!(t0.elapsed() < Duration::from_secs(120));
    assert_eq!(control(addr, &host, &token, "lock").0, 200);
    // Locked but not revealed: still nothing.
    let p = get(addr, &host, "/projector?lang=en", None).text();
    assert!(!p.contains("Scoreboard") && !p.contains("Debrief questions"));
    assert_eq!(control(addr, &host, &token, "reveal").0, 200);
    for lang in ["zh", "en"] {
        let html = get(addr, &host, &format!("/projector?lang={lang}"), None).text();
        let words: &[&str] = if lang == "zh" {
            &[
                "成绩榜",
                "各队逐周对照",
                "讨论问题",
                "回放已验证",
                "你是第几周",
            ]
        } else {
            &[
                "Scoreboard",
                "Side by side, week by week",
                "Debrief questions",
                "Replay verified",
                "In which week, and from whom",
            ]
        };
        for w in words {
            assert!(html.contains(w), "{lang}: no {w:?} after the reveal");
        }
        assert!(!html.contains(HOSTILE), "{lang}: still escaped");
        assert_eq!(
            html.matches("class=\"ok\"").count(),
            3,
            "{lang}: every finished game's replay verified"
        );
        // The page's script compares this with `/api/progress` and reloads when they differ.
        assert!(html.contains("data-revealed=\"true\""), "{lang}");
        assert!(html.contains(&format!("/api/results.csv?lang={lang}")));
        assert!(!html.contains(&token));
        let csv = get(addr, &host, &format!("/api/results.csv?lang={lang}"), None);
        assert_eq!(csv.status, 200);
        assert!(csv.head.contains("text/csv"), "{}", csv.head);
        assert!(csv.body.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        let text = csv.text();
        assert!(
            text.contains("Team Beta") && text.contains("甲队"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 4, "a header and three teams");
    }
    h.stop();
}
