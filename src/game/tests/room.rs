//! A team joins a workshop room from the window: the Join screen (typed address and team
//! name), weeks under the room's clock, an inject in the intel feed, the room going away and
//! coming back from its log, and Continue after the game was closed. The room runs on the
//! loopback address (port 0), as in `tests/room_link.rs`.

use super::*;
use crate::game::screens::room::JoinState;
use crate::room::client::{TeamClient, parse_url, request};
use crate::room::server::{Handle, spawn};
use crate::room::state::Room;
use crate::room::state_digest;
use crate::sim::{Act, Scenario};
use bevy::input::keyboard::NativeKeyCode;
use bevy::window::Ime;
use serde_json::{Value, json};
use std::net::{IpAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SEED: u64 = 7;

/// The game, in English, on a headless app.
fn english_app(paths: GamePaths) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    app.insert_resource(paths);
    app.insert_resource(Settings {
        lang: Lang::En,
        ..Settings::default()
    });
    app.add_plugins(crate::game::plugin);
    app.update();
    app.update();
    app
}

fn tutorial(app: &App) -> Arc<Scenario> {
    app.world()
        .resource::<Catalog>()
        .find("tutorial")
        .expect("the tutorial is installed")
}

/// Open the room stored in `dir` and serve it on 127.0.0.1:`port`; (handle, url, token).
fn serve(dir: &Path, scn: Arc<Scenario>, week: Duration, port: u16) -> (Handle, String, String) {
    let r = Room::open(dir, scn, SEED, week, 12).expect("room opens");
    let token = r.token().to_string();
    let h = spawn(r, IpAddr::from([127, 0, 0, 1]), port, false).expect("serves");
    let url = format!("http://{}", h.addr);
    (h, url, token)
}

fn control(url: &str, token: &str, cmd: &str, body: Value) -> u16 {
    let (host, addr) = parse_url(url).expect("url");
    request(
        &host,
        addr,
        "POST",
        &format!("/api/control/{cmd}"),
        Some(&format!("Bearer {token}")),
        Some(&body),
    )
    .expect("answers")
    .status
}

/// Type `text` into the focused control, one key at a time, as a keyboard would.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        for state in [ButtonState::Pressed, ButtonState::Released] {
            app.world_mut().write_message(KeyboardInput {
                key_code: KeyCode::Unidentified(NativeKeyCode::Unidentified),
                logical_key: Key::Character(c.to_string().into()),
                state,
                text: (state == ButtonState::Pressed).then(|| c.to_string().into()),
                repeat: false,
                window: Entity::PLACEHOLDER,
            });
            app.update();
        }
    }
    app.update();
}

/// What an input method commits (Chinese typed in pinyin).
fn commit(app: &mut App, text: &str) {
    app.world_mut().write_message(Ime::Commit {
        window: Entity::PLACEHOLDER,
        value: text.to_string(),
    });
    app.update();
    app.update();
}

/// Run frames (with short sleeps, so the background exchanges progress) until `done`;
/// at most about 20 s.
fn run_until(app: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) {
    let t = Instant::now();
    while !done(app) {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}; on {:?}, texts: {:?}",
            screen(app),
            header_texts(app)
        );
        app.update();
        std::thread::sleep(Duration::from_millis(15));
    }
}

/// The texts that mention the room (the board's header) and what it said.
fn header_texts(app: &mut App) -> Vec<String> {
    all_texts(app)
        .into_iter()
        .filter(|t| t.contains("Room") || t.contains("room") || t.starts_with('»'))
        .collect()
}

fn shows(app: &mut App, needle: &str) -> bool {
    all_texts(app).iter().any(|t| t.contains(needle))
}

/// Seconds in the header's countdown ("… 0:07 left").
fn countdown(app: &mut App) -> Option<u64> {
    all_texts(app).into_iter().find_map(|t| {
        if !t.contains("Room week") && !t.contains("Waiting for the room") {
            return None;
        }
        let before = t.strip_suffix(" left")?;
        let clock = before.rsplit(' ').next()?;
        let (m, s) = clock.split_once(':')?;
        Some(m.parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?)
    })
}

fn linked(app: &App) -> &crate::room::link::RoomLink {
    &session(app).link.as_ref().expect("a room game").link
}

/// The room's copy of team `team`: its digest, its actions, the room's week.
fn room_side(h: &Handle, team: usize) -> (String, Vec<Act>, u32) {
    let r = h.room.lock().expect("room");
    let g = &r.teams[team].game;
    (state_digest(g), g.actions().to_vec(), r.week)
}

/// The first planner action the board offers (not ending the week, walking away or
/// leaving the stage).
fn plan_something(app: &mut App) -> Act {
    for kind in ["desk_research", "endorsement", "proposal"] {
        let key = format!("plan_{kind}");
        if let Some(e) = keyed(app, &key)
            && !app
                .world()
                .entity(e)
                .contains::<bevy::ui::InteractionDisabled>()
        {
            let before = session(app).game.actions().len();
            press(app, &key);
            let g = &session(app).game;
            assert_eq!(g.actions().len(), before + 1, "'{key}' was played");
            return *g.actions().last().expect("an action");
        }
    }
    panic!("nothing to plan on the board");
}

#[test]
fn a_team_joins_from_the_window_plays_under_the_rooms_clock_and_comes_back() {
    let dir = TempDir::new("room-window");
    let store = TempDir::new("room-window-store");
    let mut app = english_app(dir.paths());
    let scn = tutorial(&app);
    let (h, url, token) = serve(&store.0, scn.clone(), Duration::from_secs(4), 0);
    let port = h.addr.port();
    // A second team that never says it is done: only the clock ends the weeks.
    let _idle = TeamClient::join(&url, "idle").expect("joins");

    // The title's "Join a workshop": type the address and a Chinese team name.
    press(&mut app, "join_workshop");
    assert_eq!(screen(&app), Screen::Join);
    focus_on(&mut app, "address");
    let typed = url.trim_start_matches("http://");
    type_text(&mut app, &format!("{typed}x"));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.world().resource::<JoinState>().address, typed);
    assert!(shows(&mut app, &format!("{typed}▏")), "the field shows it");
    // Enter goes on to the team name, where the input method writes.
    key(&mut app, KeyCode::Enter);
    commit(&mut app, "蓝队");
    assert_eq!(app.world().resource::<JoinState>().team, "蓝队");
    key(&mut app, KeyCode::Enter);
    run_until(&mut app, "the join", |a| screen(a) != Screen::Join);
    assert_eq!(
        screen(&app),
        Screen::Briefing,
        "a new game starts with its briefing"
    );
    assert_eq!(linked(&app).team_name(), "蓝队");
    let team = linked(&app).team();
    press(&mut app, "go");
    assert_eq!(screen(&app), Screen::Board);
    // The room has not started: the game is played here and held.
    run_until(&mut app, "the lobby line", |a| {
        shows(a, "Waiting for the facilitator to start")
    });
    assert!(shows(&mut app, "Team 蓝队"));

    // The facilitator starts: the header counts the room's week down.
    assert_eq!(control(&url, &token, "start", json!({})), 200);
    run_until(&mut app, "the room's week 1", |a| {
        shows(a, "Room week 1 · ")
    });
    let first = countdown(&mut app).expect("a countdown");
    let a1 = plan_something(&mut app);
    run_until(&mut app, "a1 to reach the room", |a| {
        linked(a).queued() == 0
    });
    assert_eq!(room_side(&h, team).1[1..], [a1], "after the qualification");
    run_until(&mut app, "the countdown to move", |a| {
        countdown(a).is_some_and(|s| s < first)
    });
    // End week means "ready": the board waits for the room's clock.
    end_week(&mut app);
    assert_eq!(screen(&app), Screen::Board);
    run_until(&mut app, "the waiting line", |a| {
        shows(a, "Waiting for the room: ")
    });
    run_until(&mut app, "the room to end week 1", |a| {
        shows(a, "» The room ended week 1.")
    });
    assert_eq!(session(&app).game.week(), 2);
    assert!(shows(&mut app, "Week 2"), "the board shows the new week");
    // Week 2: nobody acts; the clock alone ends it, and the window follows.
    run_until(&mut app, "the room to end week 2", |a| {
        shows(a, "» The room ended week 2.")
    });
    assert_eq!(session(&app).game.week(), 3);
    assert_eq!(room_side(&h, team).0, state_digest(&session(&app).game));
    // The facilitator fires an inject: the news is told at once, and it lands in the game
    // (and in the intel feed) when the room's clock ends the week.
    assert_eq!(
        control(&url, &token, "inject", json!({"inject": "suda_price_cut"})),
        200
    );
    let ix = scn.inject_ix("suda_price_cut").expect("inject");
    let news = scn.injects[ix].text.get(Lang::En).to_string();
    run_until(&mut app, "the inject's notice", |a| {
        shows(a, &format!("» News from the field (week 3): {news}"))
    });
    run_until(&mut app, "the inject in the feed", |a| {
        all_texts(a)
            .iter()
            .any(|t| t.contains(&news) && !t.starts_with('»'))
    });
    assert_eq!(session(&app).game.week(), 4);
    // Held still from here (the room's clock stops while it is paused).
    assert_eq!(control(&url, &token, "pause", json!({})), 200);
    run_until(&mut app, "the paused line", |a| {
        shows(a, "Room paused (week 4)")
    });
    // Saved with the room: address, key, record.
    let save = crate::save::Save::read(&dir.paths().save_dir.unwrap().join("autosave.json"))
        .expect("an autosave");
    let part = save.room.as_ref().expect("the room part");
    assert_eq!((part.url.as_str(), part.team), (url.as_str(), team));

    // The room's laptop goes away: the team plays on, its action kept.
    h.stop();
    let offline_act = plan_something(&mut app);
    run_until(&mut app, "the offline line", |a| {
        shows(a, "Offline · actions waiting to be sent: 1")
    });
    assert!(shows(&mut app, "» Lost contact with the room"));
    assert_eq!(session(&app).game.actions().last(), Some(&offline_act));
    // It comes back on the same port from its log (paused), with longer weeks now.
    let (h2, url2, token2) = serve(&store.0, scn.clone(), Duration::from_secs(60), port);
    assert_eq!(url2, url);
    assert_eq!(control(&url2, &token2, "resume", json!({})), 200);
    run_until(&mut app, "the queue to be sent", |a| {
        linked(a).queued() == 0 && linked(a).offline_since().is_none()
    });
    run_until(&mut app, "back online", |a| {
        shows(
            a,
            "» Back in contact with the room: 1 waiting actions sent.",
        )
    });
    let (digest, acts, _) = room_side(&h2, team);
    assert_eq!(acts.last(), Some(&offline_act));
    assert_eq!(digest, state_digest(&session(&app).game));

    // The laptop is closed; opened again, Continue rejoins the room.
    let before = state_digest(&session(&app).game);
    drop(app);
    let mut app = english_app(dir.paths());
    activate(&mut app, Caption::Key("title.continue"));
    assert_eq!(screen(&app), Screen::Board);
    assert_eq!(linked(&app).team(), team);
    assert_eq!(state_digest(&session(&app).game), before);
    run_until(&mut app, "the room's line", |a| shows(a, "Room week 4 · "));
    let again = plan_something(&mut app);
    run_until(&mut app, "the action to reach the room", |a| {
        linked(a).queued() == 0
    });
    let (digest, acts, _) = room_side(&h2, team);
    assert_eq!(acts.last(), Some(&again));
    assert_eq!(digest, state_digest(&session(&app).game));
    h2.stop();
}

#[test]
fn joining_keeps_the_window_running_and_says_why_it_failed() {
    let dir = TempDir::new("room-join-fails");
    let mut app = english_app(dir.paths());
    go_to(&mut app, Screen::Join);
    // A computer name is not an address the room answers to: said at once.
    focus_on(&mut app, "address");
    type_text(&mut app, "facilitator-laptop");
    focus_on(&mut app, "team");
    type_text(&mut app, "Blue");
    press(&mut app, "join");
    assert!(
        shows(&mut app, "× “facilitator-laptop” is not a room address"),
        "{:?}",
        all_texts(&mut app)
    );
    // Something that accepts the connection and never answers: the window goes on drawing
    // while it waits, says it is connecting, and then why it gave up.
    let silent = TcpListener::bind("127.0.0.1:0").expect("binds");
    let addr = silent.local_addr().expect("addr");
    let held = std::thread::spawn(move || {
        let conn = silent.accept();
        std::thread::sleep(Duration::from_secs(3));
        drop(conn);
    });
    focus_on(&mut app, "address");
    for _ in 0.."facilitator-laptop".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, &addr.to_string());
    press(&mut app, "join");
    assert!(app.world().resource::<JoinState>().is_connecting());
    let t = Instant::now();
    for _ in 0..5 {
        app.update();
    }
    assert!(t.elapsed() < Duration::from_millis(500), "frames go on");
    assert!(shows(
        &mut app,
        &format!("Connecting to the room at http://{addr}")
    ));
    assert!(
        keyed(&mut app, "join").is_some_and(|e| app
            .world()
            .entity(e)
            .contains::<bevy::ui::InteractionDisabled>()),
        "Join waits for the first try"
    );
    run_until(&mut app, "the join to fail", |a| {
        !a.world().resource::<JoinState>().is_connecting()
    });
    assert_eq!(screen(&app), Screen::Join);
    assert!(
        all_texts(&mut app)
            .iter()
            .any(|t| t.starts_with("× ") && t.contains(&addr.to_string())),
        "{:?}",
        all_texts(&mut app)
    );
    held.join().expect("listener");
    // Esc goes back to the title.
    key(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}
