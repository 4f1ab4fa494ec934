//! The briefing: the account, the project, our offer, the known rivals, our resources and
//! the schedule; it ends in the qualification decision (go → board, no-go → debrief).

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::Screen;
use super::confirm::Confirm;
use super::view::{self, Slots, View};
use super::words;
use crate::game::paths::GamePaths;
use crate::game::session::{self, Session};
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::scenario::schema::Evaluation;
use crate::sim::Act;
use crate::sim::describe::word;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Briefing), enter_briefing);
    view::add_view(app, briefing_view);
}

fn enter_briefing(session: Option<Res<Session>>, mut next: ResMut<NextState<Screen>>) {
    if session.is_none() {
        next.set(Screen::Select);
    }
}

/// The briefing as the player reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefingView {
    head: (String, String),
    account: Account,
    offer: Offer,
    research: Research,
    /// No-go waits for its second press (it ends the game).
    decide: bool,
}

/// Desk research before the decision: what it uses (or why not), how often it was done,
/// and what it found.
#[derive(Debug, Clone, PartialEq)]
struct Research {
    note: Result<String, String>,
    done: u32,
    found: Vec<String>,
}

/// The customer and the project.
#[derive(Debug, Clone, PartialEq)]
struct Account {
    customer: String,
    /// (locale key, dots, low)
    factors: Vec<(&'static str, String, bool)>,
    description: String,
    project: String,
    project_description: String,
}

/// Us, the rivals, our resources and the schedule.
#[derive(Debug, Clone, PartialEq)]
struct Offer {
    heading: String,
    line: String,
    rivals: Vec<String>,
    resources: String,
    schedule: String,
}

impl View for BriefingView {
    const SCREEN: Screen = Screen::Briefing;
    crate::view_sections!(
        head => build_head,
        account => build_account,
        offer => build_offer,
        research => build_research,
        decide => build_decide,
    );

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        commands
            .spawn(widgets::screen_root_padded("Briefing Screen", 16.0, 8.0))
            .with_children(|root| {
                slots.spawn(root, "head", widgets::hrow(16.0));
                root.spawn(widgets::columns(12.0)).with_children(|cols| {
                    // Left: the customer and the project.
                    cols.spawn(widgets::grow_box()).with_children(|c| {
                        slots.spawn(c, "account", widgets::vstack(size::GAP_SMALL));
                        c.spawn(widgets::spacer());
                        c.spawn(widgets::heading("brief.four_questions"));
                        c.spawn(widgets::small("coach.qualify", Role::Accent));
                    });
                    // Right: us, rivals, resources, schedule, decision.
                    cols.spawn(widgets::grow_box()).with_children(|c| {
                        slots.spawn(c, "offer", widgets::vstack(size::GAP_SMALL));
                        c.spawn(widgets::spacer());
                        // Check before deciding: desk research, and what it found.
                        slots.spawn(c, "research", widgets::vstack(size::GAP_SMALL));
                        c.spawn((widgets::small("coach.qualify_go", Role::Accent), CoachText));
                        slots.spawn(c, "decide", widgets::hrow(12.0));
                    });
                });
            })
            .id()
    }
}

fn briefing_view(
    session: Option<Res<Session>>,
    settings: Res<Settings>,
    confirm: Res<Confirm>,
) -> Option<BriefingView> {
    let session = session?;
    let mut view = view_of(&session, settings.lang);
    view.decide = confirm.armed(&Act::Qualify(false));
    Some(view)
}

fn view_of(session: &Session, lang: Lang) -> BriefingView {
    let scn = session.game.scenario();
    let f = &scn.file;
    let a = &f.customer.attractiveness;
    let factors = [
        ("brief.attr.market_size", a.market_size),
        ("brief.attr.growth", a.growth),
        ("brief.attr.customer_awareness", a.customer_awareness),
        ("brief.attr.competition", a.competition),
        ("brief.attr.existing_relationship", a.existing_relationship),
        ("brief.attr.delivery_ease", a.delivery_ease),
        ("brief.attr.funding_and_credit", a.funding_and_credit),
        ("brief.attr.government_support", a.government_support),
    ]
    .into_iter()
    .map(|(key, n)| (key, words::dots(n.into(), 5), n <= 2))
    .collect();
    let o = &f.our_company;
    let margin = if o.list_price > 0 {
        100.0 * (o.list_price as f64 - o.cost as f64) / o.list_price as f64
    } else {
        0.0
    };
    let res = &f.resources;
    let eval = match f.project.evaluation {
        Evaluation::Comprehensive {
            technical,
            price,
            business,
        } => trf(
            lang,
            "brief.eval_comprehensive",
            &[
                ("t", &technical.to_string()),
                ("p", &price.to_string()),
                ("b", &business.to_string()),
            ],
        ),
        Evaluation::LowestCompliantPrice => tr(lang, "brief.eval_lowest").to_string(),
    };
    BriefingView {
        head: (
            f.title.get(lang).to_string(),
            trf(
                lang,
                "brief.seed",
                &[("seed", &session.game.seed().to_string())],
            ),
        ),
        account: Account {
            customer: format!(
                "{} · {} · {}",
                f.customer.name.get(lang),
                word(lang, "brief.tier", f.customer.tier),
                word(lang, "brief.industry", f.customer.industry)
            ),
            factors,
            description: f.customer.description.get(lang).to_string(),
            project: f.project.name.get(lang).to_string(),
            project_description: f.project.description.get(lang).to_string(),
        },
        offer: Offer {
            heading: format!("{} · {}", tr(lang, "brief.our_offer"), o.name.get(lang)),
            line: trf(
                lang,
                "brief.offer_line",
                &[
                    ("product", o.product.get(lang)),
                    (
                        "price",
                        &crate::sim::describe::money(lang, o.list_price as f64),
                    ),
                    ("cost", &crate::sim::describe::money(lang, o.cost as f64)),
                    ("margin", &format!("{margin:.0}%")),
                ],
            ),
            rivals: scn
                .rivals
                .iter()
                .filter(|r| r.known)
                .map(|r| {
                    trf(
                        lang,
                        "brief.rival_line",
                        &[
                            ("name", r.name.get(lang)),
                            ("description", r.description.get(lang)),
                        ],
                    )
                })
                .collect(),
            resources: trf(
                lang,
                "brief.resources_line",
                &[
                    ("rep", &res.rep_days.to_string()),
                    ("presales", &res.presales_days.to_string()),
                    // What this account is granted (the tier scales the budget and the
                    // executive visits), the figures the header then counts down.
                    ("exec", &session.game.executive_visits_left().to_string()),
                    (
                        "budget",
                        &crate::sim::describe::money(lang, session.game.expense_budget()),
                    ),
                ],
            ),
            schedule: trf(
                lang,
                "brief.schedule_line",
                &[
                    ("tender", &f.project.tender_week.to_string()),
                    ("bid", &f.project.bid_week.to_string()),
                    (
                        "form",
                        &word(lang, "brief.procurement", f.project.procurement),
                    ),
                    ("eval", &eval),
                ],
            ),
        },
        research: Research {
            note: match session.game.check(&Act::DeskResearch) {
                Ok(()) => Ok(crate::advice::cost_preview(
                    &session.game,
                    &Act::DeskResearch,
                    lang,
                )),
                Err(why) => Err(format!("× {}", words::illegal(lang, &why))),
            },
            done: session
                .game
                .actions()
                .iter()
                .filter(|a| **a == Act::DeskResearch)
                .count() as u32,
            found: crate::advice::intel(&session.game, lang, 1)
                .into_iter()
                .map(|l| l.display(lang))
                .collect(),
        },
        decide: false,
    }
}

fn build_head(h: &(String, String), r: &mut ChildSpawnerCommands, _first: bool) {
    r.spawn(widgets::header(Caption::Text(h.0.clone())));
    r.spawn(widgets::small(Caption::Text(h.1.clone()), Role::Muted));
}

fn build_account(a: &Account, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::heading(Caption::Text(a.customer.clone())));
    c.spawn(widgets::small("brief.attractiveness", Role::Muted));
    c.spawn(Node {
        display: Display::Grid,
        grid_template_columns: vec![
            GridTrack::px(150.0),
            GridTrack::px(80.0),
            GridTrack::px(150.0),
            GridTrack::px(80.0),
        ],
        row_gap: px(2),
        column_gap: px(6),
        ..default()
    })
    .with_children(|g| {
        for (key, dots, low) in &a.factors {
            g.spawn(widgets::small(*key, Role::Text));
            g.spawn(widgets::small(
                Caption::Text(dots.clone()),
                if *low { Role::Warn } else { Role::Accent },
            ));
        }
    });
    c.spawn(widgets::small(
        Caption::Text(a.description.clone()),
        Role::Text,
    ));
    c.spawn(widgets::heading(Caption::Text(a.project.clone())));
    c.spawn(widgets::small(
        Caption::Text(a.project_description.clone()),
        Role::Text,
    ));
}

fn build_offer(o: &Offer, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::heading(Caption::Text(o.heading.clone())));
    c.spawn(widgets::small(Caption::Text(o.line.clone()), Role::Text));
    c.spawn(widgets::heading("brief.rivals"));
    if o.rivals.is_empty() {
        c.spawn(widgets::small("brief.no_rivals", Role::Muted));
    }
    for r in &o.rivals {
        c.spawn(widgets::small(Caption::Text(r.clone()), Role::Text));
    }
    c.spawn(widgets::heading("brief.resources"));
    c.spawn(widgets::small(
        Caption::Text(o.resources.clone()),
        Role::Text,
    ));
    c.spawn(widgets::heading("brief.schedule"));
    c.spawn(widgets::small(
        Caption::Text(o.schedule.clone()),
        Role::Text,
    ));
}

fn build_research(r: &Research, c: &mut ChildSpawnerCommands, _first: bool) {
    c.spawn(widgets::hrow(8.0)).with_children(|row| {
        let mut b = row.spawn((
            widgets::compact_button("kind.desk_research", Val::Auto, desk_research),
            FocusKey("desk_research".into()),
            CoachTopic("coach.act.desk_research"),
        ));
        let note = match &r.note {
            Ok(cost) => cost.clone(),
            Err(why) => {
                b.insert(disabled());
                why.clone()
            }
        };
        row.spawn(widgets::counter(r.done));
        row.spawn((widgets::small(lit(note), Role::Muted), widgets::fill_row()));
    });
    for line in &r.found {
        c.spawn(widgets::small(lit(format!("• {line}")), Role::Text));
    }
}

fn build_decide(armed: &bool, r: &mut ChildSpawnerCommands, first: bool) {
    let mut go = r.spawn((
        widgets::primary_menu_button("brief.go", go),
        FocusKey("go".into()),
        CoachTopic("coach.qualify_go"),
    ));
    if first {
        go.insert(AutoFocus);
    }
    r.spawn((
        widgets::menu_button(
            if *armed {
                "brief.confirm_no_go"
            } else {
                "brief.no_go"
            },
            no_go,
        ),
        FocusKey("no_go".into()),
        CoachTopic("coach.qualify_no_go"),
    ));
}

fn desk_research(
    _: On<Activate>,
    mut session: ResMut<Session>,
    paths: Res<GamePaths>,
    mut confirm: ResMut<Confirm>,
) {
    if confirm.press(&session.game, Act::DeskResearch)
        && session.act(Act::DeskResearch).is_ok()
        && let Err(e) = session::autosave(&paths, &session)
    {
        warn!("autosave failed: {e}");
    }
}

fn decide(go: bool, session: &mut Session, paths: &GamePaths, next: &mut NextState<Screen>) {
    if session.act(Act::Qualify(go)).is_err() && session.game.qualified().is_none() {
        return;
    }
    if let Err(e) = session::autosave(paths, session) {
        warn!("autosave failed: {e}");
    }
    next.set(if session.game.is_over() {
        Screen::Debrief
    } else {
        Screen::Board
    });
}

fn go(
    _: On<Activate>,
    mut session: ResMut<Session>,
    paths: Res<GamePaths>,
    mut next: ResMut<NextState<Screen>>,
    mut confirm: ResMut<Confirm>,
) {
    confirm.0 = None;
    decide(true, &mut session, &paths, &mut next);
}

/// No-go ends the game: the first press asks.
fn no_go(
    _: On<Activate>,
    mut session: ResMut<Session>,
    paths: Res<GamePaths>,
    mut next: ResMut<NextState<Screen>>,
    mut confirm: ResMut<Confirm>,
) {
    if confirm.press(&session.game, Act::Qualify(false)) {
        decide(false, &mut session, &paths, &mut next);
    }
}
