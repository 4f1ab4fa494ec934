//! The tender result: every vendor's total score as the committee gave it, the bids that
//! were rejected and why, and the winner. A win goes on to the negotiation, anything else
//! to the debrief.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::Screen;
use super::view::{self, Slots, View};
use crate::game::session::Session;
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::sim::{Game, LogKind, LossReason, Phase, US, V, describe};

pub(super) fn plugin(app: &mut App) {
    view::add_view(app, result_view);
}

/// The tender result as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultView {
    body: Body,
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    NoGame,
    Result(Table),
}

#[derive(Debug, Clone, PartialEq)]
struct Table {
    project: String,
    headline: String,
    won: bool,
    /// One row per vendor: a cell per column.
    rows: Vec<Vec<(String, Role)>>,
    our_bid: Option<String>,
}

impl View for ResultView {
    const SCREEN: Screen = Screen::Result;
    crate::view_sections!(body => build_body);

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        let root = commands.spawn(widgets::screen_root("Result Screen")).id();
        slots.put("body", root);
        root
    }
}

fn result_view(session: Option<Res<Session>>, settings: Res<Settings>) -> Option<ResultView> {
    Some(ResultView {
        body: match session {
            Some(s) => Body::Result(table(&s.game, settings.lang)),
            None => Body::NoGame,
        },
    })
}

fn build_body(body: &Body, r: &mut ChildSpawnerCommands, _first: bool) {
    match body {
        Body::NoGame => {
            super::tender::no_game(r);
        }
        Body::Result(t) => build_table(t, r),
    }
}

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

fn table(g: &Game, lang: Lang) -> Table {
    let scn = g.scenario();
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
    let mut rank = 0;
    let rows = lines
        .iter()
        .map(|l| {
            let name = describe::vendor(scn, l.vendor, lang);
            let name = if l.vendor == US {
                trf(lang, "res.us", &[("name", &name)])
            } else {
                name
            };
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
            vec![
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
            ]
        })
        .collect();
    Table {
        project: scn.file.project.name.get(lang).to_string(),
        headline: format!("{} {headline}", if won { "✓" } else { "×" }),
        won,
        rows,
        our_bid: g.bid().map(|b| {
            trf(
                lang,
                "res.our_bid",
                &[
                    ("price", &crate::sim::describe::money(lang, b.price as f64)),
                    ("emphasis", &describe::word(lang, "emphasis", b.emphasis)),
                ],
            )
        }),
    }
}

fn build_table(t: &Table, r: &mut ChildSpawnerCommands) {
    r.spawn(widgets::hrow(24.0)).with_children(|top| {
        top.spawn(widgets::header("res.title"));
        top.spawn(widgets::body(lit(t.project.clone()), Role::Muted));
    });
    r.spawn(widgets::text(
        lit(t.headline.clone()),
        size::HEADER * 0.8,
        if t.won { Role::Good } else { Role::Bad },
    ));
    r.spawn(widgets::small("res.method", Role::Muted));
    r.spawn(widgets::boxed(percent(100), Val::Auto))
        .with_children(|table| {
            table.spawn(row_node()).with_children(|h| {
                for (w, key) in COLUMNS {
                    cell(h, w, Caption::Key(key), Role::Muted);
                }
            });
            for row in &t.rows {
                table.spawn(row_node()).with_children(|cells| {
                    for ((w, _), (text, role)) in COLUMNS.iter().zip(row) {
                        cell(cells, *w, lit(text.clone()), *role);
                    }
                });
            }
            if t.rows.is_empty() {
                table.spawn(widgets::body("res.not_opened", Role::Warn));
            }
        });
    if let Some(bid) = &t.our_bid {
        r.spawn(widgets::body(lit(bid.clone()), Role::Text));
    }
    r.spawn(widgets::small("res.hidden_note", Role::Muted));
    r.spawn(widgets::spacer());
    r.spawn(widgets::hrow(12.0)).with_children(|bar| {
        if t.won {
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
        // The width is a basis: a narrow or scaled-up window shrinks every column (and
        // wraps its text) instead of pushing the last ones out of the table.
        Node {
            flex_basis: px(width),
            flex_shrink: 1.0,
            min_width: px(0),
            padding: UiRect::right(px(10)),
            ..default()
        },
        children![(widgets::body(caption, role), widgets::fill_row())],
    ));
}

fn to_negotiation(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Negotiation);
}

fn to_debrief(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Debrief);
}
