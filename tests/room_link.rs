//! A team's game linked to a workshop room (`room::link`), end to end on the loopback
//! address: joining, playing weeks under the room's clock, an inject, the room going away
//! and coming back, a week the room closed while the team was offline, and continuing from
//! the autosave.
#![cfg(feature = "room")]

mod common;
use sandtable::catalog::Version;
use sandtable::i18n::Lang;
use sandtable::room::client::{TeamClient, parse_url, request};
use sandtable::room::link::{DropReason, JoinError, Notice, RoomLink};
use sandtable::room::server::{Handle, spawn};
use sandtable::room::state::Room;
use sandtable::room::state_digest;
use sandtable::save::Save;
use sandtable::sim::{Act, Game, LogKind, Scenario};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const LOOPBACK: [u8; 4] = [127, 0, 0, 1];
const SEED: u64 = 7;

fn tutorial() -> Arc<Scenario> {
    common::shipped("tutorial")
}

/// The scenarios "installed here": the shipped tutorial only.
fn lookup(id: &str, hash: &str) -> Option<Arc<Scenario>> {
    let scn = tutorial();
    (scn.id() == id && scn.hash == hash).then_some(scn)
}

/// Open the room stored in `dir` (a new one, or the one there) and serve it on `port`.
fn serve(dir: &Path, week: Duration, port: u16) -> (Handle, String, String) {
    let r = Room::open(dir, tutorial(), SEED, week, 12).expect("room opens");
    let token = r.token().to_string();
    let h = spawn(r, IpAddr::from(LOOPBACK), port, false).expect("serves");
    let url = format!("http://{}", h.addr);
    (h, url, token)
}

fn control(url: &str, token: &str, cmd: &str, body: Value) -> (u16, Value) {
    let (host, addr) = parse_url(url).expect("url");
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

/// Poll the link until `done` holds, keeping every notice seen on the way.
fn poll_until(
    link: &mut RoomLink,
    seen: &mut Vec<Notice>,
    what: &str,
    mut done: impl FnMut(&RoomLink, &[Notice]) -> bool,
) {
    let t = Instant::now();
    loop {
        link.poll();
        seen.extend(link.notices());
        if done(link, seen) {
            return;
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}; notices: {seen:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let t = Instant::now();
    while !f() {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An action a trainee might take now (not ending the week, not a belief, not walking away).
fn next_act(g: &Game) -> Act {
    g.legal_actions()
        .into_iter()
        .find(|a| {
            !matches!(
                a,
                Act::EndWeek | Act::Believe(..) | Act::WalkAway | Act::Qualify(_) | Act::Advance
            )
        })
        .expect("something to do")
}

/// The room's copy of team `team`: its digest and actions.
fn room_side(h: &Handle, team: usize) -> (String, Vec<Act>, u32) {
    let r = h.room.lock().expect("room");
    let g = &r.teams[team].game;
    (state_digest(g), g.actions().to_vec(), r.week)
}

fn ended(week: u32) -> impl Fn(&RoomLink, &[Notice]) -> bool {
    move |_, n| n.contains(&Notice::WeekEndedByRoom { week })
}

#[test]
fn a_team_joins_and_plays_two_weeks_that_the_rooms_clock_ends() {
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = serve(dir.path(), Duration::from_secs(2), 0);
    // The address as a trainee types it: no scheme, the port given.
    let typed = url.trim_start_matches("http://");
    let mut link = RoomLink::join(typed, "蓝队", lookup).expect("joins");
    // A second team that never says it is done: only the clock ends the weeks.
    let _idle = TeamClient::join(&url, "idle").expect("joins");
    assert_eq!(
        link.status_line(Lang::En),
        "Waiting for the facilitator to start"
    );
    assert_eq!(link.status_line(Lang::Zh), "等待讲师开始");
    // Taken in the lobby: played here at once, held until the room runs.
    let a = next_act(link.game());
    link.act(a).expect("legal");
    assert_eq!(link.game().actions(), &[a]);
    link.poll();
    assert_eq!(link.queued(), 1, "nothing is sent before the start");
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    let mut seen = Vec::new();
    poll_until(&mut link, &mut seen, "the action to be accepted", |l, _| {
        l.queued() == 0
    });
    assert!(seen.contains(&Notice::RoomStarted), "{seen:?}");
    let (digest, acts, week) = room_side(&h, link.team());
    assert_eq!(week, 1, "the action landed in week 1");
    assert_eq!(acts, vec![a]);
    assert_eq!(digest, state_digest(link.game()));
    // Ending the week here means "ready": the room's clock ends it.
    link.act(Act::EndWeek).expect("legal");
    assert!(link.waiting_for_room());
    assert_eq!(link.game().week(), 2, "the game never waits on the network");
    assert_eq!(link.confirmed().week(), 1);
    link.poll();
    let line = link.status_line(Lang::En);
    assert!(line.starts_with("Waiting for the room: "), "{line}");
    assert!(
        link.status_line(Lang::Zh)
            .starts_with("等待教室结束本周：还剩 "),
        "{}",
        link.status_line(Lang::Zh)
    );
    assert!(
        link.clock().expect("read").ready,
        "the room knows we are done"
    );
    let left = link.seconds_left().expect("a clock");
    assert!(left > 0.0 && left <= 2.0, "{left}");
    poll_until(&mut link, &mut seen, "the room to end week 1", ended(1));
    assert!(!link.waiting_for_room());
    assert_eq!(link.confirmed().week(), 2);
    assert_eq!(state_digest(link.game()), state_digest(link.confirmed()));
    assert_eq!(room_side(&h, link.team()).0, state_digest(link.game()));
    // Week 2: the team does nothing; the clock alone ends it, and the link follows.
    poll_until(&mut link, &mut seen, "the room to end week 2", ended(2));
    assert_eq!(link.game().week(), 3);
    assert_eq!(link.confirmed().actions(), &[a, Act::EndWeek, Act::EndWeek]);
    assert_eq!(room_side(&h, link.team()).0, state_digest(link.game()));
    let text = Notice::WeekEndedByRoom { week: 2 }.text(&tutorial(), Lang::Zh);
    assert_eq!(text, "教室结束了第 2 周。");
    h.stop();
}

#[test]
fn an_inject_fired_after_the_team_ended_its_week_lands_in_its_game_and_log() {
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = serve(dir.path(), Duration::from_secs(60), 0);
    let mut link = RoomLink::join(&url, "Red", lookup).expect("joins");
    let idle = TeamClient::join(&url, "idle").expect("joins");
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    let a = next_act(link.game());
    link.act(a).expect("legal");
    link.act(Act::EndWeek).expect("legal");
    let mut seen = Vec::new();
    poll_until(&mut link, &mut seen, "the action and ready", |l, _| {
        l.queued() == 0
    });
    assert!(link.waiting_for_room(), "the room's week is still open");
    // Fired while our team waits: it lands at the end of week 1 for us too.
    let (s, b) = control(&url, &token, "inject", json!({"inject": "suda_price_cut"}));
    assert_eq!(s, 200, "{b}");
    let scn = tutorial();
    let ix = scn.inject_ix("suda_price_cut").expect("inject");
    // The window's way: the network step on another thread, the rest on its own.
    let t = Instant::now();
    while !seen.contains(&Notice::InjectFired { ix, week: 1 }) {
        assert!(t.elapsed() < Duration::from_secs(20), "no inject: {seen:?}");
        let out = link.outbox();
        let ex = std::thread::spawn(move || out.exchange())
            .join()
            .expect("exchange thread");
        link.absorb(ex);
        seen.extend(link.notices());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(link.fired(), &[(1, ix)]);
    // Our week-1 end was played here before the inject; the game was played again from
    // the room's record, so the inject has landed in the game we see.
    // In the intel feed: a log entry the player sees.
    let landed = |g: &Game| {
        g.log()
            .iter()
            .any(|e| e.seen && e.kind == LogKind::Inject(ix))
    };
    assert!(landed(link.game()), "the inject is in the game's log");
    assert_eq!(link.game().week(), 2);
    let news = Notice::InjectFired { ix, week: 1 }.text(&scn, Lang::En);
    assert!(news.contains(scn.injects[ix].text.get(Lang::En)), "{news}");
    let news = Notice::InjectFired { ix, week: 1 }.text(&scn, Lang::Zh);
    assert!(news.contains(scn.injects[ix].text.get(Lang::Zh)), "{news}");
    // The other team is done too: the room ends the week at once.
    let idle_pos = idle.state(0).expect("answers").body["pos"]
        .as_u64()
        .expect("pos") as usize;
    assert_eq!(idle_pos, 1, "the inject is in the other team's log too");
    assert_eq!(idle.ready(idle_pos).expect("answers").status, 200);
    poll_until(&mut link, &mut seen, "the week's end", ended(1));
    assert!(landed(link.confirmed()));
    assert_eq!(room_side(&h, link.team()).0, state_digest(link.game()));
    h.stop();
}

#[test]
fn the_team_plays_on_while_the_room_is_down_and_catches_up_when_it_restarts() {
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = serve(dir.path(), Duration::from_secs(60), 0);
    let port = h.addr.port();
    let mut link = RoomLink::join(&url, "Green", lookup).expect("joins");
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    let a1 = next_act(link.game());
    link.act(a1).expect("legal");
    let mut seen = Vec::new();
    poll_until(&mut link, &mut seen, "a1 accepted", |l, _| l.queued() == 0);
    // The room goes away (its laptop crashed).
    h.stop();
    let a2 = next_act(link.game());
    link.act(a2).expect("legal");
    let t = Instant::now();
    link.poll();
    assert!(
        t.elapsed() < Duration::from_millis(2500),
        "a poll never hangs the caller"
    );
    let n = link.notices();
    assert!(
        matches!(n.as_slice(), [Notice::Offline { .. }]),
        "one Offline notice: {n:?}"
    );
    assert!(link.offline_since().is_some());
    assert!(link.last_error().is_some());
    let a3 = next_act(link.game());
    link.act(a3).expect("legal");
    link.poll();
    assert!(link.notices().is_empty(), "Offline is said once");
    assert_eq!(link.queued(), 2, "both actions are kept");
    assert_eq!(link.game().actions(), &[a1, a2, a3]);
    assert_eq!(
        link.status_line(Lang::En),
        "Offline · actions waiting to be sent: 2"
    );
    // The facilitator starts the same room again on the same port: it comes back paused.
    let (h2, url2, token2) = serve(dir.path(), Duration::from_secs(60), port);
    assert_eq!(url2, url);
    assert_eq!(token2, token);
    assert_eq!(control(&url, &token, "resume", json!({})).0, 200);
    poll_until(&mut link, &mut seen, "the queue to be sent", |l, _| {
        l.queued() == 0
    });
    assert!(seen.contains(&Notice::BackOnline { sent: 2 }), "{seen:?}");
    assert!(link.offline_since().is_none());
    let (digest, acts, _) = room_side(&h2, link.team());
    assert_eq!(acts, vec![a1, a2, a3]);
    assert_eq!(digest, state_digest(link.game()));
    assert_eq!(link.room_digest().0, digest);
    h2.stop();
}

#[test]
fn actions_queued_for_a_week_the_room_closed_while_offline_are_dropped_with_a_notice() {
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = serve(dir.path(), Duration::from_secs(60), 0);
    let port = h.addr.port();
    let mut link = RoomLink::join(&url, "Amber", lookup).expect("joins");
    let _idle = TeamClient::join(&url, "idle").expect("joins");
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    let a1 = next_act(link.game());
    link.act(a1).expect("legal");
    let mut seen = Vec::new();
    poll_until(&mut link, &mut seen, "a1 accepted", |l, _| l.queued() == 0);
    h.stop();
    // Offline, the team goes on with week 1.
    let a2 = next_act(link.game());
    link.act(a2).expect("legal");
    let a3 = next_act(link.game());
    link.act(a3).expect("legal");
    link.poll();
    assert!(matches!(
        link.notices().as_slice(),
        [Notice::Offline { .. }]
    ));
    // Meanwhile the room comes back on a short clock and ends week 1 without us.
    let (h2, url2, token2) = serve(dir.path(), Duration::from_millis(500), port);
    assert_eq!(control(&url2, &token2, "resume", json!({})).0, 200);
    wait_until("the room to end week 1", || {
        h2.room.lock().expect("room").week >= 2
    });
    // Hold the room still so the comparison below is of one moment.
    h2.room.lock().expect("room").pause().expect("pauses");
    poll_until(&mut link, &mut seen, "the drop", |_, n| {
        n.iter().any(|x| matches!(x, Notice::Dropped { .. }))
    });
    let dropped = seen
        .iter()
        .find(|x| matches!(x, Notice::Dropped { .. }))
        .expect("dropped")
        .clone();
    assert_eq!(
        dropped,
        Notice::Dropped {
            acts: vec![a2, a3],
            reason: DropReason::WeekClosed { week: 1 }
        }
    );
    let scn = tutorial();
    let en = dropped.text(&scn, Lang::En);
    assert!(
        en.starts_with("The room ended week 1 before these actions reached it"),
        "{en}"
    );
    assert!(
        en.contains(&sandtable::sim::describe::act(&scn, &a2, Lang::En)),
        "{en}"
    );
    let zh = dropped.text(&scn, Lang::Zh);
    assert!(zh.contains("第 1 周") && zh.contains("不计入"), "{zh}");
    assert!(seen.contains(&Notice::BackOnline { sent: 0 }), "{seen:?}");
    assert!(
        seen.contains(&Notice::WeekEndedByRoom { week: 1 }),
        "{seen:?}"
    );
    assert_eq!(link.queued(), 0);
    // The game now is the room's, exactly.
    let (digest, acts, week) = room_side(&h2, link.team());
    assert_eq!(link.game().actions(), acts.as_slice());
    assert_eq!(state_digest(link.game()), digest);
    assert_eq!(link.game().week(), week);
    h2.stop();
}

#[test]
fn a_closed_game_resumes_from_its_autosave_and_the_room_goes_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = serve(dir.path(), Duration::from_secs(60), 0);
    let saves = tempfile::tempdir().expect("tmp");
    let path = saves.path().join("autosave.json");
    let mut link = RoomLink::join(&url, "Violet", lookup).expect("joins");
    let team = link.team();
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    let a1 = next_act(link.game());
    link.act(a1).expect("legal");
    let mut seen = Vec::new();
    poll_until(&mut link, &mut seen, "a1 accepted", |l, _| l.queued() == 0);
    // One more action, and the laptop is closed before it was sent.
    let a2 = next_act(link.game());
    link.act(a2).expect("legal");
    link.save().write(&path).expect("saved");
    let before = state_digest(link.game());
    drop(link);
    let save = Save::read(&path).expect("reads back");
    let room = save.room.as_ref().expect("the room part");
    assert_eq!((room.url.as_str(), room.team), (url.as_str(), team));
    assert_eq!(room.team_name, "Violet");
    assert_eq!(room.queued.len(), 1);
    // Continue without the room (the plain resume path) plays the same game.
    let alone = save
        .resume(&path, |_, _| Version::Found(tutorial()))
        .expect("resumes");
    assert_eq!(state_digest(&alone), before);
    // Continue: rejoins with the key, sends what the room had not got.
    let mut back = RoomLink::resume(&save, lookup).expect("rejoins");
    seen.extend(back.notices());
    poll_until(&mut back, &mut seen, "a2 sent", |l, _| l.queued() == 0);
    assert_eq!(state_digest(back.game()), before);
    let (digest, acts, _) = room_side(&h, team);
    assert_eq!(acts, vec![a1, a2]);
    assert_eq!(digest, before);
    // And the room goes on with it: the only team is done, so the week ends at once.
    back.act(Act::EndWeek).expect("legal");
    poll_until(&mut back, &mut seen, "week 1's end", ended(1));
    assert_eq!(room_side(&h, team).0, state_digest(back.game()));
    // Closed again at home, with no room: it continues here, offline, from the save.
    back.save().write(&path).expect("saved");
    let at_home = state_digest(back.game());
    h.stop();
    let save = Save::read(&path).expect("reads back");
    let mut offline = RoomLink::resume(&save, lookup).expect("plays on offline");
    assert!(matches!(
        offline.notices().as_slice(),
        [Notice::Offline { .. }]
    ));
    assert_eq!(state_digest(offline.game()), at_home);
    let a3 = next_act(offline.game());
    offline.act(a3).expect("legal");
    assert_eq!(offline.queued(), 1);
}

/// A one-shot HTTP server answering every request with `status` and `body`.
fn fake_room(status: u16, body: Value) -> (String, std::thread::JoinHandle<()>) {
    let l = TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", l.local_addr().expect("addr"));
    let t = std::thread::spawn(move || {
        if let Ok((mut s, _)) = l.accept() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let b = body.to_string();
            let _ = write!(
                s,
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
                b.len()
            );
        }
    });
    (url, t)
}

#[test]
fn joining_says_clearly_why_it_cannot() {
    // Nothing listens: the address and the port are named, in both languages.
    let free = TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = free.local_addr().expect("addr").port();
    drop(free);
    let t = Instant::now();
    let e = RoomLink::join(&format!("127.0.0.1:{port}"), "A", lookup)
        .err()
        .expect("unreachable");
    assert!(t.elapsed() < Duration::from_secs(3), "no long wait");
    assert!(matches!(e, JoinError::Unreachable { .. }), "{e:?}");
    let en = e.text(Lang::En);
    assert!(
        en.contains(&format!("http://127.0.0.1:{port}"))
            && en.contains(&format!("port {port}"))
            && en.contains("facilitator's laptop"),
        "{en}"
    );
    assert!(e.text(Lang::Zh).contains(&format!("{port} 端口")));
    // Another sandtable version in the room.
    let (url, t) = fake_room(
        200,
        json!({"engine_version": "0.0.1", "rules_version": 1, "scenario": "tutorial",
               "scenario_hash": "x", "seed": 1, "status": "lobby"}),
    );
    let e = RoomLink::join(&url, "A", lookup).err().expect("versions");
    t.join().expect("fake");
    assert!(matches!(e, JoinError::Versions { .. }), "{e:?}");
    assert!(e.text(Lang::En).contains("0.0.1"), "{}", e.text(Lang::En));
    // Something else answers at the address.
    let (url, t) = fake_room(404, json!({}));
    let e = RoomLink::join(&url, "A", lookup).err().expect("not a room");
    t.join().expect("fake");
    assert!(matches!(e, JoinError::NotARoom { .. }), "{e:?}");
    // A real room: a taken name, a scenario not installed here, a started workshop.
    let dir = tempfile::tempdir().expect("tmp");
    let (h, url, token) = serve(dir.path(), Duration::from_secs(60), 0);
    let _first = RoomLink::join(&url, "Team1", lookup).expect("joins");
    let e = RoomLink::join(&url, "ｔｅａｍ１", lookup)
        .err()
        .expect("taken");
    assert_eq!(
        e,
        JoinError::NameTaken {
            name: "ｔｅａｍ１".into()
        }
    );
    let e = RoomLink::join(&url, "Other", |_, _| None)
        .err()
        .expect("missing");
    assert!(
        matches!(&e, JoinError::ScenarioMissing { id, .. } if id == "tutorial"),
        "{e:?}"
    );
    assert!(e.text(Lang::Zh).contains("tutorial"));
    assert_eq!(control(&url, &token, "start", json!({})).0, 200);
    let e = RoomLink::join(&url, "Late", lookup).err().expect("started");
    assert_eq!(e, JoinError::Started);
    assert!(e.text(Lang::En).contains("rejoin code"));
    // The rejoin code from the console gets the team back, with its game.
    let (_, console) = control(&url, &token, "console", json!({}));
    let code = console["teams"][0]["rejoin_code"].as_str().expect("code");
    let again = RoomLink::rejoin(&url, code, lookup).expect("rejoins");
    assert_eq!(again.team(), 0);
    assert_eq!(again.team_name(), "Team1");
    let e = RoomLink::rejoin(&url, "AAAAAAAA", lookup)
        .err()
        .expect("wrong code");
    assert_eq!(e, JoinError::CodeRefused);
    h.stop();
}
