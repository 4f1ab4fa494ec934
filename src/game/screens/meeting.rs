//! A meeting with the selected stakeholder: choose the approach (each with a line of the
//! coach), then see his reaction and what the meeting taught us, and go back to the board.

use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;

use super::Screen;
use super::board::{self, status_line};
use super::words;
use crate::game::paths::GamePaths;
use crate::game::session::Session;
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::scenario::schema::KeyInfo;
use crate::sim::describe::{self, word};
use crate::sim::{Act, Approach, Game, LogKind, P};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MeetingResult>();
    app.add_systems(OnExit(Screen::Meeting), forget_result);
    app.add_systems(
        Update,
        refresh_meeting_screen
            .run_if(in_state(Screen::Meeting))
            .before(crate::game::theme::ThemeSystems),
    );
}

/// The last meeting held on this screen: the log entries it added.
#[derive(Resource, Debug, Default, Clone)]
pub struct MeetingResult(pub Option<Held>);

#[derive(Debug, Clone, Copy)]
pub struct Held {
    pub person: P,
    pub approach: Approach,
    /// The log entries `log_from..log_to` came from this meeting.
    pub log_from: usize,
    pub log_to: usize,
}

#[derive(Component)]
struct MeetingRoot;

fn forget_result(mut r: ResMut<MeetingResult>) {
    r.0 = None;
}

/// Every approach, with its coach line.
pub const APPROACHES: [(Approach, &str); 10] = [
    (Approach::ProbeNeeds, "coach.meet.probe"),
    (Approach::Fabe, "coach.meet.fabe"),
    (Approach::Rapport, "coach.meet.rapport"),
    (
        Approach::AskInfo(KeyInfo::Participants),
        "coach.meet.ask_participants",
    ),
    (Approach::AskInfo(KeyInfo::Needs), "coach.meet.ask_needs"),
    (Approach::AskInfo(KeyInfo::Budget), "coach.meet.ask_budget"),
    (
        Approach::AskInfo(KeyInfo::Process),
        "coach.meet.ask_process",
    ),
    (
        Approach::AskInfo(KeyInfo::Competition),
        "coach.meet.ask_competition",
    ),
    (Approach::WhereDoWeStand, "coach.meet.where"),
    (Approach::ProposeNextStep, "coach.meet.next_step"),
];

#[allow(clippy::too_many_arguments)]
fn refresh_meeting_screen(
    mut commands: Commands,
    session: Option<Res<Session>>,
    result: Res<MeetingResult>,
    settings: Res<Settings>,
    roots: Query<Entity, With<MeetingRoot>>,
    focus: Res<InputFocus>,
    keys: Query<&FocusKey>,
    mut pending: ResMut<PendingFocus>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(session) = session else {
        next.set(Screen::Board);
        return;
    };
    let had = !roots.is_empty();
    if had && !session.is_changed() && !settings.is_changed() && !result.is_changed() {
        return;
    }
    let Some(p) = session.selected.filter(|&p| session.game.is_visible(p)) else {
        next.set(Screen::Board);
        return;
    };
    if let Some(elsewhere) = board::redirect(&session.game) {
        next.set(elsewhere);
        return;
    }
    pending.0 = focus::focused_key(&focus, &keys);
    let held = result.0.filter(|h| h.person == p);
    if held.is_some() && result.is_changed() {
        // After a meeting the focus goes to "back to the board".
        pending.0 = Some("to_board".into());
    }
    for e in &roots {
        commands.entity(e).despawn();
    }
    spawn_meeting(&mut commands, &session.game, p, held, settings.lang, !had);
}

fn approach_label(lang: Lang, a: Approach) -> String {
    match a {
        Approach::AskInfo(k) => trf(lang, "meet.ask", &[("info", &word(lang, "ki", k))]),
        other => tr(lang, &format!("kind.{}", Act::Meeting(0, other).kind())).to_string(),
    }
}

fn spawn_meeting(
    commands: &mut Commands,
    g: &Game,
    p: P,
    held: Option<Held>,
    lang: Lang,
    first: bool,
) {
    let scn = g.scenario().clone();
    let d = &scn.people[p];
    let mut root = commands.spawn((
        widgets::screen_root_padded("Meeting Screen", 12.0, 8.0),
        MeetingRoot,
        DespawnOnExit(Screen::Meeting),
    ));
    root.with_children(|root| {
        root.spawn(widgets::hrow(16.0)).with_children(|h| {
            h.spawn((
                widgets::compact_button("meet.back_person", Val::Auto, to_person),
                FocusKey("back".into()),
            ));
            h.spawn(widgets::heading(Caption::Text(trf(
                lang,
                "meet.title",
                &[("who", &describe::person(&scn, p, lang))],
            ))));
            h.spawn(widgets::small(
                Caption::Text(trf(
                    lang,
                    "meet.days",
                    &[("rep", &g.rep_days_left().to_string())],
                )),
                Role::Muted,
            ));
        });
        root.spawn(widgets::small(
            Caption::Text(format!(
                "{} · {}",
                d.department.get(lang),
                status_line(g, p, lang)
            )),
            Role::Text,
        ));
        root.spawn(Node {
            flex_direction: FlexDirection::Row,
            column_gap: px(8),
            flex_grow: 1.0,
            min_height: px(0),
            ..default()
        })
        .with_children(|cols| {
            cols.spawn(widgets::boxed(px(700), percent(100)))
                .with_children(|c| {
                    c.spawn(widgets::heading("meet.choose"));
                    c.spawn(widgets::scroll_column(4.0)).with_children(|list| {
                        for (i, (a, coach)) in APPROACHES.into_iter().enumerate() {
                            let act = Act::Meeting(p, a);
                            list.spawn(widgets::hrow(8.0)).with_children(|r| {
                                let mut label = approach_label(lang, a);
                                // The engine counts every question as one approach (each
                                // further question gives less), so a question that was never
                                // asked is not labelled "done".
                                let n = g.times_used(p, &act);
                                let used = match a {
                                    Approach::AskInfo(_) => "meet.questions_so_far",
                                    _ => "sh.times_used",
                                };
                                if n > 0 {
                                    label.push_str(&trf(lang, used, &[("n", &n.to_string())]));
                                }
                                let mut b = r.spawn((
                                    widgets::compact_button(
                                        Caption::Text(label),
                                        px(230),
                                        hold_meeting(p, a),
                                    ),
                                    FocusKey(format!("approach{i}")),
                                    CoachTopic(coach),
                                ));
                                if first && i == 0 && held.is_none() {
                                    b.insert(AutoFocus);
                                }
                                let (text, role) = match g.check(&act) {
                                    Ok(()) => (tr(lang, coach).to_string(), Role::Muted),
                                    Err(why) => {
                                        b.insert(disabled());
                                        (format!("× {}", words::illegal(lang, &why)), Role::Muted)
                                    }
                                };
                                r.spawn((
                                    widgets::small(Caption::Text(text), role),
                                    widgets::fill_row(),
                                ));
                            });
                        }
                    });
                });
            cols.spawn(widgets::grow_box()).with_children(|c| {
                c.spawn(widgets::heading("meet.result"));
                match held {
                    None => {
                        c.spawn(widgets::small("meet.no_result", Role::Muted));
                    }
                    Some(h) => spawn_result(c, g, h, lang),
                }
                c.spawn(Node {
                    flex_grow: 1.0,
                    ..default()
                });
                c.spawn((widgets::small("coach.meet.intro", Role::Accent), CoachText));
                c.spawn(widgets::hrow(8.0)).with_children(|r| {
                    r.spawn((
                        widgets::compact_button("meet.to_board", Val::Auto, to_board),
                        FocusKey("to_board".into()),
                    ));
                });
            });
        });
    });
}

fn spawn_result(c: &mut ChildSpawnerCommands, g: &Game, h: Held, lang: Lang) {
    c.spawn(widgets::body(
        Caption::Text(approach_label(lang, h.approach)),
        Role::Text,
    ));
    let entries = g
        .log()
        .get(h.log_from..h.log_to.min(g.log().len()))
        .unwrap_or(&[]);
    let reaction = entries.iter().find_map(|e| match &e.kind {
        LogKind::Acted {
            reaction: Some(r), ..
        } if e.seen => Some(*r),
        _ => None,
    });
    match reaction {
        Some(r) => {
            let role = match r {
                crate::sim::Reaction::Enthusiastic | crate::sim::Reaction::Positive => Role::Good,
                crate::sim::Reaction::Neutral => Role::Text,
                _ => Role::Bad,
            };
            let mark = match role {
                Role::Good => "✓",
                Role::Bad => "×",
                _ => "·",
            };
            c.spawn(widgets::body(
                Caption::Text(format!(
                    "{mark} {}",
                    trf(
                        lang,
                        "meet.reaction",
                        &[("reaction", &word(lang, "reaction", r))]
                    )
                )),
                role,
            ));
        }
        None => {
            c.spawn(widgets::small("meet.no_reaction", Role::Muted));
        }
    }
    c.spawn(widgets::small("meet.learned", Role::Muted));
    let mut any = false;
    for e in entries.iter().filter(|e| e.seen) {
        if matches!(e.kind, LogKind::Acted { .. }) {
            continue;
        }
        any = true;
        c.spawn(widgets::small(
            Caption::Text(format!("• {}", describe::log_entry(g, e, lang, false))),
            Role::Text,
        ));
    }
    if !any {
        c.spawn(widgets::small("meet.nothing_learned", Role::Muted));
    }
}

#[allow(clippy::type_complexity)]
fn hold_meeting(
    p: P,
    a: Approach,
) -> impl Fn(
    On<Activate>,
    ResMut<Session>,
    ResMut<MeetingResult>,
    Res<GamePaths>,
    ResMut<NextState<Screen>>,
) + Send
+ Sync
+ 'static {
    move |_: On<Activate>,
          mut session: ResMut<Session>,
          mut result: ResMut<MeetingResult>,
          paths: Res<GamePaths>,
          mut next: ResMut<NextState<Screen>>| {
        let from = session.game.log().len();
        board::end_of_action(&mut session, Act::Meeting(p, a), &paths, &mut next);
        if session.refusal.is_none() {
            result.0 = Some(Held {
                person: p,
                approach: a,
                log_from: from,
                log_to: session.game.log().len(),
            });
        }
    }
}

fn to_person(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Stakeholder);
}

fn to_board(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Board);
}
