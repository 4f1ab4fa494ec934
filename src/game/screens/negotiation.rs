//! Contract negotiation: our negotiating power (of 6, from the engine), the eight sources
//! of power the method teaches, and the stance: firm, balanced or yielding, each with its
//! risk and reward. Signing applies `Act::Negotiate` and opens the debrief.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::Screen;
use super::view::{self, Slots, View};
use super::words;
use crate::game::paths::GamePaths;
use crate::game::session::{self, Session};
use crate::game::settings::Settings;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, trf};
use crate::sim::{Act, Game, Phase, Stance};

/// The eight sources of negotiating power (DOMAIN.md §5.6), as locale key suffixes.
pub const SOURCES: [&str; 8] = [
    "brand",
    "technology",
    "expertise",
    "relationship",
    "intelligence",
    "pressure",
    "skill",
    "personal",
];

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<StanceChoice>();
    app.add_systems(OnEnter(Screen::Negotiation), reset_choice);
    app.add_systems(
        Update,
        leave_when_signed
            .run_if(in_state(Screen::Negotiation))
            .before(view::ViewSystems),
    );
    view::add_view(app, negotiation_view);
}

/// The stance the player has chosen (not yet played).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct StanceChoice(pub Stance);

impl Default for StanceChoice {
    fn default() -> Self {
        StanceChoice(Stance::Balanced)
    }
}

fn reset_choice(mut choice: ResMut<StanceChoice>) {
    *choice = StanceChoice::default();
}

/// Once the contract is settled (or the customer walked), the debrief.
fn leave_when_signed(session: Option<Res<Session>>, mut next: ResMut<NextState<Screen>>) {
    if let Some(s) = session
        && !matches!(s.game.phase(), Phase::Negotiating)
    {
        next.set(Screen::Debrief);
    }
}

/// The negotiation as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct NegotiationView {
    body: Body,
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    NoGame,
    Talks(Talks),
}

#[derive(Debug, Clone, PartialEq)]
struct Talks {
    bid: String,
    power: u32,
    /// (text, held)
    counted: Vec<(String, bool)>,
    stances: Vec<StanceRow>,
    chosen: Stance,
    firm_warning: bool,
    /// The eight sources of power: (key suffix, text).
    sources: Vec<(&'static str, String)>,
}

#[derive(Debug, Clone, PartialEq)]
struct StanceRow {
    stance: Stance,
    key: &'static str,
    hint: &'static str,
    focus_key: &'static str,
    terms: Option<String>,
}

impl View for NegotiationView {
    const SCREEN: Screen = Screen::Negotiation;
    crate::view_sections!(body => build_body);

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        let root = commands
            .spawn(widgets::screen_root("Negotiation Screen"))
            .id();
        slots.put("body", root);
        root
    }
}

fn negotiation_view(
    session: Option<Res<Session>>,
    choice: Res<StanceChoice>,
    settings: Res<Settings>,
) -> Option<NegotiationView> {
    Some(NegotiationView {
        body: match session {
            Some(s) => Body::Talks(talks(&s.game, choice.0, settings.lang)),
            None => Body::NoGame,
        },
    })
}

fn talks(g: &Game, chosen: Stance, lang: Lang) -> Talks {
    let power = g.negotiating_power();
    let bid = g.bid().map(|b| b.price).unwrap_or(0);
    Talks {
        bid: trf(
            lang,
            "neg.bid",
            &[("price", &crate::sim::describe::money(lang, bid as f64))],
        ),
        power,
        counted: g
            .power_sources()
            .into_iter()
            .map(|(source, held)| {
                (
                    format!(
                        "{} {}",
                        if held { "✓" } else { "×" },
                        crate::i18n::tr(lang, &format!("neg.counted.{}", source.key()))
                    ),
                    held,
                )
            })
            .collect(),
        stances: [
            (Stance::Firm, "neg.firm", "neg.firm_hint", "firm"),
            (
                Stance::Balanced,
                "neg.balanced",
                "neg.balanced_hint",
                "balanced",
            ),
            (Stance::Yield, "neg.yield", "neg.yield_hint", "yield"),
        ]
        .into_iter()
        .map(|(stance, key, hint, focus_key)| StanceRow {
            stance,
            key,
            hint,
            focus_key,
            terms: g.negotiation_terms(stance).map(|t| terms_text(&t, lang)),
        })
        .collect(),
        chosen,
        firm_warning: chosen == Stance::Firm && power < 3,
        sources: SOURCES
            .iter()
            .map(|src| {
                (
                    *src,
                    crate::i18n::tr(lang, &format!("neg.source.{src}")).to_string(),
                )
            })
            .collect(),
    }
}

fn build_body(body: &Body, r: &mut ChildSpawnerCommands, first: bool) {
    match body {
        Body::NoGame => {
            super::tender::no_game(r);
        }
        Body::Talks(t) => build_talks(t, r, first),
    }
}

fn build_talks(t: &Talks, r: &mut ChildSpawnerCommands, first: bool) {
    r.spawn(widgets::hrow(24.0)).with_children(|top| {
        top.spawn(widgets::header("neg.title"));
        top.spawn(widgets::body(lit(t.bid.clone()), Role::Muted));
    });
    r.spawn(widgets::columns(12.0)).with_children(|main| {
        main.spawn(widgets::boxed(percent(50), Val::Auto))
            .with_children(|b| {
                b.spawn(widgets::heading("neg.power"));
                b.spawn(widgets::text(
                    lit(words::dots(t.power, 6)),
                    size::HEADER * 0.8,
                    if t.power >= 3 { Role::Good } else { Role::Warn },
                ));
                b.spawn(widgets::small("neg.power_counts", Role::Muted));
                for (text, held) in &t.counted {
                    b.spawn((
                        widgets::small(
                            lit(text.clone()),
                            if *held { Role::Good } else { Role::Muted },
                        ),
                        PowerShown(*held),
                    ));
                }
                b.spawn(widgets::heading("neg.sources"));
                b.spawn(widgets::scroll_column(4.0)).with_children(|s| {
                    for src in &t.sources {
                        s.spawn(widgets::small(
                            Caption::Text(format!("• {}", src.1)),
                            Role::Text,
                        ));
                    }
                });
            });
        main.spawn(widgets::boxed(percent(50), Val::Auto))
            .with_children(|b| {
                b.spawn(widgets::heading("neg.stance"));
                for row in &t.stances {
                    let mut c =
                        b.spawn(widgets::choice(row.key, row.focus_key, choose(row.stance)));
                    if row.stance == t.chosen {
                        c.insert(Selected);
                        if first {
                            c.insert(AutoFocus);
                        }
                    }
                    b.spawn(widgets::small(row.hint, Role::Muted));
                    if let Some(terms) = &row.terms {
                        b.spawn((
                            widgets::small(lit(terms.clone()), Role::Text),
                            StanceTerms(row.stance),
                        ));
                    }
                }
                if t.firm_warning {
                    b.spawn(widgets::body("neg.firm_warning", Role::Warn));
                }
                b.spawn(widgets::spacer());
                b.spawn(widgets::button(
                    "neg.sign",
                    "sign",
                    ButtonKind::Primary,
                    sign,
                ));
            });
    });
}

/// One counted source of power, held or not (tests count them).
#[derive(Component)]
pub struct PowerShown(#[cfg_attr(not(test), allow(dead_code))] pub bool);

/// What a stance gets, as the engine computes it (shown under each choice; tests read
/// which stance a line belongs to).
#[derive(Component)]
pub struct StanceTerms(#[cfg_attr(not(test), allow(dead_code))] pub Stance);

fn terms_text(t: &crate::sim::Terms, lang: Lang) -> String {
    let pct = |x: f64| format!("{:.1}", x * 100.0);
    let mut s = trf(
        lang,
        "neg.terms",
        &[
            ("discount", &pct(t.discount)),
            ("price", &crate::sim::describe::money(lang, t.price as f64)),
            ("margin", &pct(t.margin)),
        ],
    );
    if t.walkout > 0.0 {
        s.push_str(&trf(
            lang,
            "neg.terms_risk",
            &[("risk", &format!("{:.0}", t.walkout * 100.0))],
        ));
    }
    s
}

fn choose(stance: Stance) -> impl FnMut(On<Activate>, ResMut<StanceChoice>) {
    move |_, mut choice| {
        if choice.0 != stance {
            choice.0 = stance;
        }
    }
}

fn sign(
    _: On<Activate>,
    session: Option<ResMut<Session>>,
    choice: Res<StanceChoice>,
    paths: Res<GamePaths>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(mut session) = session else { return };
    if session.act(Act::Negotiate(choice.0)).is_ok() {
        if let Err(e) = session::autosave(&paths, &session) {
            warn!("autosave failed: {e}");
        }
        next.set(Screen::Debrief);
    }
}
