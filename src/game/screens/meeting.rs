//! A meeting with the selected stakeholder: choose the approach (each with a line of the
//! coach), then see his reaction and what the meeting taught us, and go back to the board.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::Screen;
use super::board::{self, status_line};
use super::confirm::Confirm;
use super::view::{self, Slots, View};
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
    app.add_systems(OnEnter(Screen::Meeting), enter_meeting);
    view::add_view(app, meeting_view);
}

/// Without a person to meet (or a game that belongs elsewhere), back to the board.
fn enter_meeting(session: Option<Res<Session>>, mut next: ResMut<NextState<Screen>>) {
    let ok = session.is_some_and(|s| {
        board::redirect(&s.game).is_none() && s.selected.is_some_and(|p| s.game.is_visible(p))
    });
    if !ok {
        next.set(Screen::Board);
    }
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

/// A meeting as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingView {
    head: (String, String),
    status: String,
    approaches: Vec<ApproachRow>,
    result: Option<HeldView>,
}

#[derive(Debug, Clone, PartialEq)]
struct ApproachRow {
    act: Act,
    label: String,
    coach: &'static str,
    /// How often this very approach (this very question) was used with him.
    count: u32,
    armed: bool,
    /// The coach line, or why not.
    note: Result<String, String>,
    /// Focused when the screen opens.
    focus: bool,
}

/// What the last meeting gave.
#[derive(Debug, Clone, PartialEq)]
struct HeldView {
    approach: String,
    /// (text, role)
    reaction: Option<(String, Role)>,
    learned: Vec<String>,
}

impl View for MeetingView {
    const SCREEN: Screen = Screen::Meeting;
    crate::view_sections!(
        head => build_head,
        status => build_status,
        approaches => build_approaches,
        result => build_result,
    );

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        commands
            .spawn(widgets::screen_root_padded("Meeting Screen", 12.0, 8.0))
            .with_children(|root| {
                slots.spawn(root, "head", widgets::hrow(16.0));
                slots.spawn(root, "status", widgets::vstack(0.0));
                root.spawn(widgets::columns(8.0)).with_children(|cols| {
                    cols.spawn(widgets::boxed(px(700), percent(100)))
                        .with_children(|c| {
                            c.spawn(widgets::heading("meet.choose"));
                            slots.spawn(c, "approaches", widgets::scroll_column(4.0));
                        });
                    cols.spawn(widgets::grow_box()).with_children(|c| {
                        c.spawn(widgets::heading("meet.result"));
                        slots.spawn(c, "result", widgets::vstack(size::GAP_SMALL));
                        c.spawn(widgets::spacer());
                        c.spawn((widgets::small("coach.meet.intro", Role::Accent), CoachText));
                        c.spawn(widgets::hrow(8.0)).with_children(|r| {
                            r.spawn((
                                widgets::compact_button("meet.to_board", Val::Auto, to_board),
                                FocusKey("to_board".into()),
                            ));
                        });
                    });
                });
            })
            .id()
    }
}

fn meeting_view(
    session: Option<Res<Session>>,
    result: Res<MeetingResult>,
    settings: Res<Settings>,
    confirm: Res<Confirm>,
) -> Option<MeetingView> {
    let session = session?;
    let p = session.selected.filter(|&p| session.game.is_visible(p))?;
    if board::redirect(&session.game).is_some() {
        return None;
    }
    let held = result.0.filter(|h| h.person == p);
    Some(view_of(&session.game, p, held, &confirm, settings.lang))
}

fn view_of(g: &Game, p: P, held: Option<Held>, confirm: &Confirm, lang: Lang) -> MeetingView {
    let scn = g.scenario();
    let d = &scn.people[p];
    let approaches = APPROACHES
        .into_iter()
        .enumerate()
        .map(|(i, (a, coach))| {
            let act = Act::Meeting(p, a);
            let armed = confirm.armed(&act);
            let label = if armed {
                trf(lang, "ui.confirm_act", &[("act", &approach_label(lang, a))])
            } else {
                approach_label(lang, a)
            };
            // Each button its own counter: each question is counted apart.
            let count = g.actions().iter().filter(|x| **x == act).count() as u32;
            ApproachRow {
                act,
                label,
                coach,
                count,
                armed,
                note: match g.check(&act) {
                    Ok(()) if armed => Ok(format!(
                        "{} · {}",
                        crate::advice::cost_preview(g, &act, lang),
                        tr(lang, "ui.confirm_hint")
                    )),
                    Ok(()) => Ok(tr(lang, coach).to_string()),
                    Err(why) => Err(format!("× {}", words::illegal(lang, &why))),
                },
                focus: i == 0 && held.is_none(),
            }
        })
        .collect();
    MeetingView {
        head: (
            trf(
                lang,
                "meet.title",
                &[("who", &describe::person(scn, p, lang))],
            ),
            trf(
                lang,
                "meet.days",
                &[("rep", &g.rep_days_left().to_string())],
            ),
        ),
        status: format!("{} · {}", d.department.get(lang), status_line(g, p, lang)),
        approaches,
        result: held.map(|h| held_view(g, h, lang)),
    }
}

fn build_head(h: &(String, String), row: &mut ChildSpawnerCommands, _first: bool) {
    row.spawn((
        widgets::compact_button("meet.back_person", Val::Auto, to_person),
        FocusKey("back".into()),
    ));
    row.spawn(widgets::heading(Caption::Text(h.0.clone())));
    row.spawn(widgets::small(Caption::Text(h.1.clone()), Role::Muted));
}

fn build_status(s: &str, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::small(Caption::Text(s.to_string()), Role::Text));
}

fn build_approaches(rows: &[ApproachRow], list: &mut ChildSpawnerCommands, first: bool) {
    for (i, row) in rows.iter().enumerate() {
        let Act::Meeting(p, a) = row.act else {
            continue;
        };
        list.spawn(widgets::hrow(8.0)).with_children(|r| {
            let mut b = r.spawn((
                widgets::compact_button(
                    Caption::Text(row.label.clone()),
                    px(230),
                    hold_meeting(p, a),
                ),
                FocusKey(format!("approach{i}")),
                CoachTopic(row.coach),
            ));
            if first && row.focus {
                b.insert(AutoFocus);
            }
            let text = match &row.note {
                Ok(t) => t.clone(),
                Err(why) => {
                    b.insert(disabled());
                    why.clone()
                }
            };
            r.spawn(widgets::counter(row.count));
            r.spawn((
                widgets::small(
                    Caption::Text(text),
                    if row.armed { Role::Warn } else { Role::Muted },
                ),
                widgets::fill_row(),
            ));
        });
    }
}

fn build_result(held: &Option<HeldView>, c: &mut ChildSpawnerCommands, _first: bool) {
    let Some(h) = held else {
        c.spawn(widgets::small("meet.no_result", Role::Muted));
        return;
    };
    c.spawn(widgets::body(Caption::Text(h.approach.clone()), Role::Text));
    match &h.reaction {
        Some((text, role)) => {
            c.spawn(widgets::body(Caption::Text(text.clone()), *role));
        }
        None => {
            c.spawn(widgets::small("meet.no_reaction", Role::Muted));
        }
    }
    c.spawn(widgets::small("meet.learned", Role::Muted));
    for line in &h.learned {
        c.spawn(widgets::small(Caption::Text(line.clone()), Role::Text));
    }
    if h.learned.is_empty() {
        c.spawn(widgets::small("meet.nothing_learned", Role::Muted));
    }
}

fn approach_label(lang: Lang, a: Approach) -> String {
    match a {
        Approach::AskInfo(k) => trf(lang, "meet.ask", &[("info", &word(lang, "ki", k))]),
        other => tr(lang, &format!("kind.{}", Act::Meeting(0, other).kind())).to_string(),
    }
}

fn held_view(g: &Game, h: Held, lang: Lang) -> HeldView {
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
    HeldView {
        approach: approach_label(lang, h.approach),
        reaction: reaction.map(|r| {
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
            (
                format!(
                    "{mark} {}",
                    trf(
                        lang,
                        "meet.reaction",
                        &[("reaction", &word(lang, "reaction", r))]
                    )
                ),
                role,
            )
        }),
        learned: entries
            .iter()
            .filter(|e| e.seen && !matches!(e.kind, LogKind::Acted { .. }))
            .map(|e| format!("• {}", describe::log_entry(g, e, lang, false)))
            .collect(),
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
    (Res<GamePaths>, ResMut<Confirm>),
    ResMut<NextState<Screen>>,
    ResMut<PendingFocus>,
) + Send
+ Sync
+ 'static {
    move |_: On<Activate>,
          mut session: ResMut<Session>,
          mut result: ResMut<MeetingResult>,
          (paths, mut confirm): (Res<GamePaths>, ResMut<Confirm>),
          mut next: ResMut<NextState<Screen>>,
          mut pending: ResMut<PendingFocus>| {
        if !confirm.press(&session.game, Act::Meeting(p, a)) {
            return;
        }
        let from = session.game.log().len();
        board::end_of_action(&mut session, Act::Meeting(p, a), &paths, &mut next);
        if session.refusal.is_none() {
            result.0 = Some(Held {
                person: p,
                approach: a,
                log_from: from,
                log_to: session.game.log().len(),
            });
            // After a meeting the focus goes to "back to the board".
            pending.0 = Some("to_board".into());
        }
    }
}

fn to_person(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Stakeholder);
}

fn to_board(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Board);
}
