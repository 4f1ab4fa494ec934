//! The tender result: every vendor's total score as the committee gave it, the bids that
//! were rejected and why, and the winner. A win goes on to the negotiation, anything else
//! to the debrief.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::Screen;
use crate::game::session::Session;
use crate::game::settings::Settings;
use crate::game::theme::ThemeSystems;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::sim::{Game, LogKind, LossReason, Phase, US, V, describe};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        refresh_result_screen
            .run_if(in_state(Screen::Result))
            .before(ThemeSystems),
    );
}

#[derive(Component)]
struct ResultRoot;

/// One line of the result table.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultLine {
    pub vendor: V,
    /// The committee's scores for this vendor (bid price, technical, business, price).
    pub score: Option<crate::sim::tender::VendorScore>,
    pub total: f64,
    pub rejected: Option<LossReason>,
    pub winner: bool,
}

/// The evaluation as the log recorded it: valid bids by total (best first), then the
/// rejected ones. Empty when the bids have not been opened.
pub fn result_lines(g: &Game) -> Vec<ResultLine> {
    let Some((scores, winner)) = g.log().iter().rev().find_map(|e| match &e.kind {
        LogKind::Evaluated { scores, winner } => Some((scores.clone(), *winner)),
        _ => None,
    }) else {
        return Vec::new();
    };
    let rejected = |v: V| {
        g.log().iter().find_map(|e| match e.kind {
            LogKind::BidRejected { vendor, reason } if vendor == v => Some(reason),
            _ => None,
        })
    };
    let mut lines: Vec<ResultLine> = scores
        .iter()
        .map(|&(vendor, total)| ResultLine {
            vendor,
            score: g.evaluation().iter().find(|s| s.vendor == vendor).copied(),
            total,
            rejected: rejected(vendor).or(if vendor == US && g.bid().is_none() {
                Some(LossReason::NoBid)
            } else {
                None
            }),
            winner: winner == Some(vendor),
        })
        .collect();
    lines.sort_by(|a, b| {
        a.rejected
            .is_some()
            .cmp(&b.rejected.is_some())
            .then(b.total.total_cmp(&a.total))
            .then(a.vendor.cmp(&b.vendor))
    });
    lines
}

fn refresh_result_screen(
    mut commands: Commands,
    session: Option<Res<Session>>,
    settings: Res<Settings>,
    roots: Query<Entity, With<ResultRoot>>,
) {
    let had = !roots.is_empty();
    let changed = session.as_ref().is_some_and(|s| s.is_changed());
    if had && !changed && !settings.is_changed() {
        return;
    }
    for e in &roots {
        commands.entity(e).despawn();
    }
    let lang = settings.lang;
    commands
        .spawn((
            widgets::screen_root("Result Screen"),
            ResultRoot,
            DespawnOnExit(Screen::Result),
        ))
        .with_children(|r| match session {
            Some(s) => spawn_result(r, &s.game, lang),
            None => {
                r.spawn(widgets::label("end.no_game"));
                r.spawn((
                    widgets::button(
                        "end.to_title",
                        "title",
                        ButtonKind::Primary,
                        super::tender::to_title,
                    ),
                    AutoFocus,
                ));
            }
        });
}

fn spawn_result(r: &mut ChildSpawnerCommands, g: &Game, lang: Lang) {
    let scn = g.scenario();
    r.spawn(widgets::hrow(24.0)).with_children(|top| {
        top.spawn(widgets::header("res.title"));
        top.spawn(widgets::body(
            lit(scn.file.project.name.get(lang).to_string()),
            Role::Muted,
        ));
    });
    let lines = result_lines(g);
    let won = matches!(g.phase(), Phase::Negotiating);
    let winner = lines.iter().find(|l| l.winner).map(|l| l.vendor);
    let headline = match winner {
        Some(US) => tr(lang, "res.we_won").to_string(),
        Some(v) => trf(
            lang,
            "res.they_won",
            &[("vendor", &describe::vendor(scn, v, lang))],
        ),
        None => tr(lang, "res.no_winner").to_string(),
    };
    r.spawn(widgets::text(
        lit(format!("{} {headline}", if won { "✓" } else { "×" })),
        size::HEADER * 0.8,
        if won { Role::Good } else { Role::Bad },
    ));
    r.spawn(widgets::small("res.method", Role::Muted));

    r.spawn(widgets::boxed(percent(100), Val::Auto))
        .with_children(|table| {
            table.spawn(row_node()).with_children(|h| {
                for (w, key) in COLUMNS {
                    cell(h, w, lit(tr(lang, key)), Role::Muted);
                }
            });
            let mut rank = 0;
            for l in &lines {
                let name = describe::vendor(scn, l.vendor, lang);
                let name = if l.vendor == US {
                    trf(lang, "res.us", &[("name", &name)])
                } else {
                    name
                };
                table.spawn(row_node()).with_children(|row| {
                    let (rank_s, total_s, note, role) = match l.rejected {
                        Some(reason) => (
                            "—".to_string(),
                            "—".to_string(),
                            format!(
                                "× {}",
                                trf(
                                    lang,
                                    "res.rejected",
                                    &[("reason", &describe::loss(scn, reason, lang))]
                                )
                            ),
                            Role::Bad,
                        ),
                        None => {
                            rank += 1;
                            let note = if l.winner {
                                format!("★ {}", tr(lang, "res.winner"))
                            } else {
                                String::new()
                            };
                            (
                                rank.to_string(),
                                format!("{:.1}", l.total),
                                note,
                                if l.winner { Role::Good } else { Role::Text },
                            )
                        }
                    };
                    let name_role = if l.vendor == US {
                        Role::Heading
                    } else {
                        Role::Text
                    };
                    // A rejected bid's own scores are shown; it gets no price score or total.
                    let num = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.1}"));
                    let s = l.score;
                    let valid = l.rejected.is_none();
                    let cols = [
                        (rank_s, Role::Text),
                        (name, name_role),
                        (
                            s.filter(|s| s.price > 0)
                                .map_or("—".to_string(), |s| s.price.to_string()),
                            Role::Text,
                        ),
                        (num(s.map(|s| s.technical)), Role::Text),
                        (num(s.map(|s| s.business)), Role::Text),
                        (num(s.filter(|_| valid).map(|s| s.price_score)), Role::Text),
                        (total_s, Role::Heading),
                        (note, role),
                    ];
                    for ((w, _), (text, role)) in COLUMNS.iter().zip(cols) {
                        cell(row, *w, lit(text), role);
                    }
                });
            }
            if lines.is_empty() {
                table.spawn(widgets::body("res.not_opened", Role::Warn));
            }
        });
    if let Some(b) = g.bid() {
        r.spawn(widgets::body(
            lit(trf(
                lang,
                "res.our_bid",
                &[
                    ("price", &crate::sim::describe::money(lang, b.price as f64)),
                    ("emphasis", &describe::word(lang, "emphasis", b.emphasis)),
                ],
            )),
            Role::Text,
        ));
    }
    r.spawn(widgets::small("res.hidden_note", Role::Muted));
    r.spawn(Node {
        flex_grow: 1.0,
        ..default()
    });
    r.spawn(widgets::hrow(12.0)).with_children(|bar| {
        if won {
            bar.spawn((
                widgets::button(
                    "res.to_negotiation",
                    "next",
                    ButtonKind::Primary,
                    to_negotiation,
                ),
                AutoFocus,
            ));
        } else {
            bar.spawn((
                widgets::button("res.to_debrief", "next", ButtonKind::Primary, to_debrief),
                AutoFocus,
            ));
        }
    });
}

/// The result table's columns: width and heading key.
const COLUMNS: [(f32, &str); 8] = [
    (60.0, "res.col.rank"),
    (280.0, "res.col.vendor"),
    (120.0, "res.col.price"),
    (100.0, "res.col.technical"),
    (100.0, "res.col.business"),
    (90.0, "res.col.price_score"),
    (90.0, "res.col.total"),
    (360.0, "res.col.note"),
];

fn row_node() -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        padding: UiRect::vertical(px(4)),
        ..default()
    }
}

fn cell(row: &mut ChildSpawnerCommands, width: f32, caption: Caption, role: Role) {
    row.spawn((
        Node {
            width: px(width),
            flex_shrink: 0.0,
            padding: UiRect::right(px(10)),
            ..default()
        },
        children![widgets::body(caption, role)],
    ));
}

fn to_negotiation(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Negotiation);
}

fn to_debrief(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Debrief);
}
