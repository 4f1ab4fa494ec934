//! The workshop room, end to end on the loopback address: bot teams play whole games on a
//! short clock with an inject, hostile requests are refused, `kill -9` loses no acknowledged
//! action, a team that drops off catches up, and the exported replays verify offline.
#![cfg(feature = "room")]

mod common;
use sandtable::bots::Policy;
use sandtable::replay::Replay;
use sandtable::room::client::{BotReport, TeamClient, play_bot, request};
use sandtable::room::server::{Handle, spawn};
use sandtable::room::state::Room;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const LOOPBACK: [u8; 4] = [127, 0, 0, 1];

fn room(dir: &std::path::Path, week: Duration) -> (Handle, String, String) {
    let scn = common::shipped("tutorial");
    let r = Room::open(dir, scn, 7, week, 12).expect("room opens");
    let token = r.token().to_string();
    let h = spawn(r, IpAddr::from(LOOPBACK), 0, false).expect("serves");
    let url = format!("http://{}", h.addr);
    (h, url, token)
}

fn control(url: &str, token: &str, cmd: &str, body: Value) -> (u16, Value) {
    let (host, addr) = sandtable::room::client::parse_url(url).expect("url");
    let r = request(
        &host,
        addr,
        "POST",
        &format!("/api/control/{cmd}"),
        Some(&format!("Bearer {token}")),
        Some(&body),
    )
    .expect("answers");
    (r.status, r.body)
}

fn run_bots(
    clients: Vec<(TeamClient, Policy, Option<usize>)>,
) -> Vec<std::thread::JoinHandle<(BotReport, Result<(), String>)>> {
    let scn = common::shipped("tutorial");
    clients
        .into_iter()
        .map(|(c, p, stop)| {
            let scn = scn.clone();
            std::thread::spawn(move || {
                let mut rep = BotReport::default();
                let r = play_bot(&c, scn, p, stop, &mut rep);
                (rep, r)
            })
        })
        .collect()
}

fn wait_until(what: &str, secs: u64, mut f: impl FnMut() -> bool) {
    let t = Instant::now();
    while !f() {
        assert!(
            t.elapsed() < Duration::from_secs(secs),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn progress(url: &str) -> Value {
    let (host, addr) = sandtable::room::client::parse_url(url).expect("url");
    request(&host, addr, "GET", "/api/progress", None, None)
        .expect("answers")
        .body
}

/// Verify every exported replay as `sandtable verify` would, offline.
fn verify_exported(dir: &std::path::Path) -> usize {
    let catalog = sandtable::catalog::load_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
    );
    let mut n = 0;
    for e in std::fs::read_dir(dir).expect("export folder") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "json") {
            let r = Replay::read(&p).expect("reads");
            r.verify_in(&catalog)
                .unwrap_or_else(|e| panic!("{} does not verify: {e}", p.display()));
            n += 1;
        }
    }
    n
}

#[test]
fn bot_teams_play_a_whole_timed_scenario_with_an_inject_and_the_replays_verify() {
    // Eleven bot teams and one idle team: the twelve.
    const TEAMS: usize = 11;
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = room(dir.path(), Duration::from_millis(400));
    let policies = [Policy::Expert, Policy::Naive, Policy::Random];
    let clients: Vec<_> = (0..TEAMS)
        .map(|i| {
            let p = policies[i % 3];
            (
                TeamClient::join(&url, &format!("team {i}")).expect("joins"),
                p,
                None,
            )
        })
        .collect();
    // One team never acts: the room's clock alone ends its weeks.
    let idle = TeamClient::join(&url, "idle team").expect("joins");
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    assert_eq!(control(&url, &token, "pause", json!({})).0, 200);
    let (s, b) = control(&url, &token, "inject", json!({"inject": "budget_cut"}));
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["teams"], TEAMS + 1, "every team gets it");
    assert_eq!(control(&url, &token, "resume", json!({})).0, 200);
    let bots = run_bots(clients);
    for b in bots {
        let (rep, r) = b.join().expect("bot thread");
        r.expect("bot plays to the end");
        assert!(rep.finished, "{rep:?}");
        assert_eq!(
            rep.rebuilds, 0,
            "the room's digests always matched the team's own"
        );
    }
    wait_until("the idle team's weeks to run out", 30, || {
        progress(&url)["teams"][TEAMS]["over"] == true
    });
    drop(idle);
    assert_eq!(control(&url, &token, "lock", json!({})).0, 200);
    let (s, res) = control(&url, &token, "reveal", json!({}));
    assert_eq!(s, 200);
    assert_eq!(res["teams"].as_array().map(Vec::len), Some(TEAMS + 1));
    // The facilitator's roster in the room's folder: statements for its learners at export.
    let roster = json!({
        "home_page": "https://lms.example.com",
        "teams": (0..TEAMS).map(|i| json!({"team": format!("team {i}"),
            "learners": [{"name": format!("学员{i}"), "account": format!("u{i}")}]}))
            .chain([json!({"team": "idle team", "learners": [{"name": "Idle", "account": "idle"}]})])
            .collect::<Vec<_>>(),
    });
    std::fs::write(dir.path().join("roster.json"), roster.to_string()).expect("roster");
    let (s, ex) = control(&url, &token, "export", json!({}));
    assert_eq!(s, 200, "{ex}");
    h.stop();
    // The printable pages of `sandtable report`, in both languages, comparison included.
    for lang in ["zh", "en"] {
        let pages = dir.path().join("export/pages").join(lang);
        let compare =
            std::fs::read_to_string(pages.join("workshop.html")).expect("comparison page");
        assert!(
            compare.contains("team 0") && compare.contains("idle team"),
            "{lang}"
        );
        let count = std::fs::read_dir(&pages).expect("pages").count();
        assert_eq!(
            count,
            TEAMS + 2,
            "{lang}: a page per team and the comparison"
        );
    }
    // Two statements (completed; passed or failed) per learner of every finished game.
    let statements: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("export/xapi/statements.json"))
            .expect("statements"),
    )
    .expect("json");
    assert_eq!(statements.as_array().map(Vec::len), Some(2 * (TEAMS + 1)));
    let n = verify_exported(&dir.path().join("export"));
    assert_eq!(n, TEAMS + 1, "every game finished and verified");
    // Every exported game carries the inject, fired in week 1.
    for e in std::fs::read_dir(dir.path().join("export")).expect("dir") {
        let p = e.expect("e").path();
        if p.extension().is_some_and(|x| x == "json") {
            let r = Replay::read(&p).expect("reads");
            assert_eq!(r.injects.len(), 1, "{}", p.display());
            assert_eq!(r.injects[0].week, 1);
        }
    }
    // And the command-line tools agree, offline.
    let exe = env!("CARGO_BIN_EXE_sandtable");
    let out = Command::new(exe)
        .args(["leaderboard", "--scenarios"])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
        .arg(dir.path().join("export"))
        .args(["--json"])
        .output()
        .expect("runs");
    let rows: Value = serde_json::from_slice(&out.stdout).expect("json");
    let rows = rows.as_array().expect("rows");
    assert!(rows.iter().all(|r| r["rejected"].is_null()), "{rows:#?}");
}

#[test]
fn forged_replayed_out_of_order_and_impersonating_requests_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = room(dir.path(), Duration::from_secs(60));
    let (host, addr) = sandtable::room::client::parse_url(&url).expect("url");
    let a = TeamClient::join(&url, "Team1").expect("joins");
    let b = TeamClient::join(&url, "Blue").expect("joins");
    // A full-width twin of a name cannot join.
    let Err(twin) = TeamClient::join(&url, "Ｔｅａｍ１") else {
        panic!("refused")
    };
    assert!(twin.starts_with("409"), "{twin}");
    let Err(long) = TeamClient::join(&url, &"x".repeat(41)) else {
        panic!("refused")
    };
    assert!(long.starts_with("400"), "{long}");
    // Another engine version is refused.
    let old = request(
        &host,
        addr,
        "POST",
        "/api/join",
        None,
        Some(&json!({"name": "old", "engine_version": "0.0.1", "rules_version": 1})),
    )
    .expect("answers");
    assert_eq!(old.status, 426);
    // Controls: no token, a team's key, a GET, all refused.
    assert_eq!(control(&url, "nope", "start", json!({})).0, 401);
    assert_eq!(control(&url, &a.key, "start", json!({})).0, 401);
    let get = request(
        &host,
        addr,
        "GET",
        "/api/control/start",
        Some(&format!("Bearer {token}")),
        None,
    )
    .expect("answers");
    assert_eq!(get.status, 403);
    // A foreign Host (DNS rebinding) and a foreign Origin are refused.
    let rebind =
        request("evil.example:80", addr, "GET", "/api/progress", None, None).expect("answers");
    assert_eq!(rebind.status, 403);
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    // A forged key.
    let forged = TeamClient::with_key(&url, 0, "00000000000000000000000000000000").expect("client");
    assert_eq!(forged.act(0, "desk_research").expect("answers").status, 401);
    // Oversized body.
    let big = json!({"pos": 0, "act": "x".repeat(20_000)});
    let r = request(
        &host,
        addr,
        "POST",
        "/api/team/act",
        Some(&format!("Team {}", a.key)),
        Some(&big),
    )
    .expect("answers");
    assert_eq!(r.status, 413);
    // An accepted action, then the same one replayed at the same position.
    let ok = a.act(0, "desk_research").expect("answers");
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["pos"], 1);
    let again = a.act(0, "desk_research").expect("answers");
    assert_eq!(again.status, 409);
    assert_eq!(again.body["expected"], 1);
    // Out of order: a position ahead of the log.
    assert_eq!(a.act(5, "desk_research").expect("answers").status, 409);
    // Ending the week is the room's: a team says it is ready instead.
    assert_eq!(a.act(1, "end_week").expect("answers").status, 400);
    // Impersonation: A's key acts only on A's log, whatever the body claims.
    let r = request(
        &host,
        addr,
        "POST",
        "/api/team/act",
        Some(&format!("Team {}", a.key)),
        Some(&json!({"team": b.team, "pos": 0, "act": "desk_research"})),
    )
    .expect("answers");
    assert_eq!(r.status, 409, "position 0 is B's, not A's");
    assert_eq!(
        b.state(0).expect("state").body["pos"],
        0,
        "B's log untouched"
    );
    // Illegal actions are refused with the engine's reason.
    let ill = a.act(1, "bid 1 technical").expect("answers");
    assert_eq!(ill.status, 422, "{}", ill.body);
    // Guessing rejoin codes is throttled for everyone.
    let guesses: Vec<u16> = (0..40)
        .map(|_| {
            let r = request(
                &host,
                addr,
                "POST",
                "/api/rejoin",
                None,
                Some(
                    &json!({"code": "AAAAAAAA", "engine_version": env!("CARGO_PKG_VERSION"),
                             "rules_version": sandtable::sim::RULES_VERSION}),
                ),
            )
            .expect("answers");
            r.status
        })
        .collect();
    assert!(guesses[..30].iter().all(|&s| s == 401), "{guesses:?}");
    assert!(guesses[30..].iter().all(|&s| s == 429), "{guesses:?}");
    // A team cannot read the results before the reveal.
    let res = request(&host, addr, "GET", "/api/results", None, None).expect("answers");
    assert_eq!(res.status, 403);
    // Locked mid-game: no more actions, and the games are "unfinished", not lost.
    assert_eq!(control(&url, &token, "lock", json!({})).0, 200);
    assert_eq!(a.act(1, "desk_research").expect("answers").status, 409);
    let (s, res) = control(&url, &token, "reveal", json!({}));
    assert_eq!(s, 200);
    assert_eq!(res["teams"][0]["result"], "unfinished");
    assert_eq!(res["teams"][1]["result"], "unfinished");
    assert_eq!(control(&url, &token, "export", json!({})).0, 200);
    assert!(dir.path().join("export/unfinished/01-Team1.json").exists());
    h.stop();
}

#[test]
fn a_team_that_drops_off_and_rejoins_catches_up_and_finishes() {
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = room(dir.path(), Duration::from_millis(300));
    let a = TeamClient::join(&url, "steady").expect("joins");
    let b = TeamClient::join(&url, "flaky").expect("joins");
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    let mut bots = run_bots(vec![
        (a, Policy::Expert, None),
        (b, Policy::Expert, Some(8)),
    ]);
    let (rep, r) = bots.pop().expect("flaky").join().expect("thread");
    r.expect("plays");
    assert_eq!(rep.actions, 8, "dropped off after 8 actions");
    // While it is away the room's clock moves on.
    let (_, console) = control(&url, &token, "console", json!({}));
    let code = console["teams"][1]["rejoin_code"]
        .as_str()
        .expect("code")
        .to_string();
    let week_then = progress(&url)["room_week"].as_u64().expect("week");
    wait_until("a week to pass", 10, || {
        progress(&url)["room_week"].as_u64() > Some(week_then)
    });
    let back = TeamClient::rejoin(&url, &code).expect("rejoins");
    assert_eq!(back.team, 1);
    let again = run_bots(vec![(back, Policy::Expert, None)]);
    for t in again.into_iter().chain(bots) {
        let (rep, r) = t.join().expect("thread");
        r.expect("plays");
        assert!(rep.finished, "{rep:?}");
    }
    h.stop();
}

struct Child9(Child);
impl Drop for Child9 {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start the real binary; answers its URL and token.
fn serve_child(data: &std::path::Path) -> (Child9, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sandtable"))
        .args([
            "room",
            "serve",
            "--scenario",
            "city_bank",
            "--seed",
            "3",
            "--week-seconds",
            "1",
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--data",
        ])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let out = c.stdout.take().expect("stdout");
    let mut lines = BufReader::new(out).lines();
    let (mut url, mut token) = (String::new(), String::new());
    for l in lines.by_ref() {
        let l = l.expect("line");
        if let Some(a) = l.strip_prefix("listening on ") {
            url = format!("http://{a}");
        }
        if let Some(t) = l.trim().strip_prefix("Authorization: Bearer ") {
            token = t.to_string();
            break;
        }
    }
    // Keep draining so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (Child9(c), url, token)
}

#[test]
fn kill_9_mid_game_loses_no_acknowledged_action_and_the_room_comes_back_paused() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut child, url, token) = serve_child(dir.path());
    let scn = common::shipped("city_bank");
    let clients: Vec<TeamClient> = (0..4)
        .map(|i| TeamClient::join(&url, &format!("t{i}")).expect("joins"))
        .collect();
    let keys: Vec<(usize, String)> = clients.iter().map(|c| (c.team, c.key.clone())).collect();
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    let threads: Vec<_> = clients
        .into_iter()
        .map(|c| {
            let scn = scn.clone();
            std::thread::spawn(move || {
                let mut rep = BotReport::default();
                let _ = play_bot(&c, scn, Policy::Expert, None, &mut rep);
                rep
            })
        })
        .collect();
    wait_until("the teams to be well into the game", 60, || {
        progress(&url)["teams"].as_array().is_some_and(|t| {
            t.iter()
                .map(|x| x["actions"].as_u64().unwrap_or(0))
                .sum::<u64>()
                >= 80
        })
    });
    // SIGKILL: no chance to flush or say goodbye.
    child.0.kill().expect("kill -9");
    child.0.wait().expect("reaped");
    let reps: Vec<BotReport> = threads
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    assert!(reps.iter().map(|r| r.acked.len()).sum::<usize>() >= 40);
    let (_child2, url2, token2) = serve_child(dir.path());
    assert_eq!(token2, token, "the facilitator's token survives");
    assert_eq!(progress(&url2)["status"], "paused");
    for ((team, key), rep) in keys.iter().zip(&reps) {
        let c = TeamClient::with_key(&url2, *team, key).expect("client");
        let st = c.state(0).expect("state").body;
        let entries = st["entries"].as_array().expect("entries");
        for (pos, line) in &rep.acked {
            assert_eq!(
                entries[*pos]["act"].as_str(),
                Some(line.as_str()),
                "team {team} pos {pos}"
            );
        }
    }
    // Resume, finish, lock, export: the games verify.
    assert_eq!(control(&url2, &token2, "resume", json!({})).0, 200);
    let again = keys.iter().map(|(t, k)| {
        let c = TeamClient::with_key(&url2, *t, k).expect("client");
        let scn = scn.clone();
        std::thread::spawn(move || {
            let mut rep = BotReport::default();
            play_bot(&c, scn, Policy::Expert, None, &mut rep).map(|_| rep)
        })
    });
    for t in again.collect::<Vec<_>>() {
        assert!(t.join().expect("thread").expect("plays").finished);
    }
    assert_eq!(control(&url2, &token2, "lock", json!({})).0, 200);
    assert_eq!(control(&url2, &token2, "export", json!({})).0, 200);
    assert_eq!(verify_exported(&dir.path().join("export")), 4);
}
