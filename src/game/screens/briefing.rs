//! The briefing: the account, the project, our offer, the known rivals, our resources and
//! the schedule; it ends in the qualification decision (go → board, no-go → debrief).

use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;

use super::Screen;
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
    app.add_systems(
        Update,
        refresh_briefing_screen
            .run_if(in_state(Screen::Briefing))
            .before(crate::game::theme::ThemeSystems),
    );
}

#[derive(Component)]
struct BriefingRoot;

#[allow(clippy::too_many_arguments)]
fn refresh_briefing_screen(
    mut commands: Commands,
    session: Option<Res<Session>>,
    settings: Res<Settings>,
    roots: Query<Entity, With<BriefingRoot>>,
    focus: Res<InputFocus>,
    keys: Query<&FocusKey>,
    mut pending: ResMut<PendingFocus>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(session) = session else {
        next.set(Screen::Select);
        return;
    };
    let had = !roots.is_empty();
    if had && !session.is_changed() && !settings.is_changed() {
        return;
    }
    pending.0 = focus::focused_key(&focus, &keys);
    for e in &roots {
        commands.entity(e).despawn();
    }
    spawn_briefing(&mut commands, &session, settings.lang, !had);
}

fn spawn_briefing(commands: &mut Commands, session: &Session, lang: Lang, first: bool) {
    let scn = session.game.scenario().clone();
    let f = &scn.file;
    let mut root = commands.spawn((
        widgets::screen_root_padded("Briefing Screen", 16.0, 8.0),
        BriefingRoot,
        DespawnOnExit(Screen::Briefing),
    ));
    root.with_children(|root| {
        root.spawn(widgets::hrow(16.0)).with_children(|r| {
            r.spawn(widgets::header(Caption::Text(
                f.title.get(lang).to_string(),
            )));
            r.spawn(widgets::small(
                Caption::Text(trf(
                    lang,
                    "brief.seed",
                    &[("seed", &session.game.seed().to_string())],
                )),
                Role::Muted,
            ));
        });
        root.spawn(Node {
            flex_direction: FlexDirection::Row,
            column_gap: px(12),
            flex_grow: 1.0,
            min_height: px(0),
            ..default()
        })
        .with_children(|cols| {
            // Left: the customer and the project.
            cols.spawn(widgets::grow_box()).with_children(|c| {
                c.spawn(widgets::heading(Caption::Text(format!(
                    "{} · {} · {}",
                    f.customer.name.get(lang),
                    word(lang, "brief.tier", f.customer.tier),
                    word(lang, "brief.industry", f.customer.industry)
                ))));
                c.spawn(widgets::small("brief.attractiveness", Role::Muted));
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
                ];
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
                    for (key, n) in factors {
                        g.spawn(widgets::small(key, Role::Text));
                        let role = match n {
                            0..=2 => Role::Warn,
                            _ => Role::Accent,
                        };
                        g.spawn(widgets::small(
                            Caption::Text(words::dots(n.into(), 5)),
                            role,
                        ));
                    }
                });
                c.spawn(widgets::small(
                    Caption::Text(f.customer.description.get(lang).to_string()),
                    Role::Text,
                ));
                c.spawn(widgets::heading(Caption::Text(
                    f.project.name.get(lang).to_string(),
                )));
                c.spawn(widgets::small(
                    Caption::Text(f.project.description.get(lang).to_string()),
                    Role::Text,
                ));
                c.spawn(Node {
                    flex_grow: 1.0,
                    ..default()
                });
                c.spawn(widgets::heading("brief.four_questions"));
                c.spawn(widgets::small("coach.qualify", Role::Accent));
            });
            // Right: us, rivals, resources, schedule, decision.
            cols.spawn(widgets::grow_box()).with_children(|c| {
                let o = &f.our_company;
                let margin = if o.list_price > 0 {
                    100.0 * (o.list_price as f64 - o.cost as f64) / o.list_price as f64
                } else {
                    0.0
                };
                c.spawn(widgets::heading(Caption::Text(format!(
                    "{} · {}",
                    tr(lang, "brief.our_offer"),
                    o.name.get(lang)
                ))));
                c.spawn(widgets::small(
                    Caption::Text(trf(
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
                    )),
                    Role::Text,
                ));
                c.spawn(widgets::heading("brief.rivals"));
                let known: Vec<_> = scn.rivals.iter().filter(|r| r.known).collect();
                if known.is_empty() {
                    c.spawn(widgets::small("brief.no_rivals", Role::Muted));
                }
                for r in known {
                    c.spawn(widgets::small(
                        Caption::Text(trf(
                            lang,
                            "brief.rival_line",
                            &[
                                ("name", r.name.get(lang)),
                                ("description", r.description.get(lang)),
                            ],
                        )),
                        Role::Text,
                    ));
                }
                c.spawn(widgets::heading("brief.resources"));
                let res = &f.resources;
                c.spawn(widgets::small(
                    Caption::Text(trf(
                        lang,
                        "brief.resources_line",
                        &[
                            ("rep", &res.rep_days.to_string()),
                            ("presales", &res.presales_days.to_string()),
                            ("exec", &res.executive_visits.to_string()),
                            (
                                "budget",
                                &crate::sim::describe::money(lang, res.expense_budget),
                            ),
                        ],
                    )),
                    Role::Text,
                ));
                c.spawn(widgets::heading("brief.schedule"));
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
                c.spawn(widgets::small(
                    Caption::Text(trf(
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
                    )),
                    Role::Text,
                ));
                c.spawn(Node {
                    flex_grow: 1.0,
                    ..default()
                });
                c.spawn((widgets::small("coach.qualify_go", Role::Accent), CoachText));
                c.spawn(widgets::hrow(12.0)).with_children(|r| {
                    let mut go = r.spawn((
                        widgets::primary_menu_button("brief.go", go),
                        FocusKey("go".into()),
                        CoachTopic("coach.qualify_go"),
                    ));
                    if first {
                        go.insert(AutoFocus);
                    }
                    r.spawn((
                        widgets::menu_button("brief.no_go", no_go),
                        FocusKey("no_go".into()),
                        CoachTopic("coach.qualify_no_go"),
                    ));
                });
            });
        });
    });
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
) {
    decide(true, &mut session, &paths, &mut next);
}

fn no_go(
    _: On<Activate>,
    mut session: ResMut<Session>,
    paths: Res<GamePaths>,
    mut next: ResMut<NextState<Screen>>,
) {
    decide(false, &mut session, &paths, &mut next);
}
