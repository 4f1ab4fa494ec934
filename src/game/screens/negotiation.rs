//! Contract negotiation: our negotiating power (of 6, from the engine), the eight sources
//! of power the method teaches, and the stance: firm, balanced or yielding, each with its
//! risk and reward. Signing applies `Act::Negotiate` and opens the debrief.

use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;

use super::Screen;
use super::words;
use crate::game::paths::GamePaths;
use crate::game::session::{self, Session};
use crate::game::settings::Settings;
use crate::game::theme::ThemeSystems;
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
        (leave_when_signed, refresh_negotiation_screen)
            .chain()
            .run_if(in_state(Screen::Negotiation))
            .before(ThemeSystems),
    );
}

/// The stance the player has chosen (not yet played).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct StanceChoice(pub Stance);

impl Default for StanceChoice {
    fn default() -> Self {
        StanceChoice(Stance::Balanced)
    }
}

#[derive(Component)]
struct NegotiationRoot;

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

#[allow(clippy::too_many_arguments)]
fn refresh_negotiation_screen(
    mut commands: Commands,
    session: Option<Res<Session>>,
    choice: Res<StanceChoice>,
    settings: Res<Settings>,
    roots: Query<Entity, With<NegotiationRoot>>,
    focus: Res<InputFocus>,
    keys: Query<&FocusKey>,
    mut pending: ResMut<PendingFocus>,
) {
    let had = !roots.is_empty();
    let changed = session.as_ref().is_some_and(|s| s.is_changed());
    if had && !changed && !settings.is_changed() && !choice.is_changed() {
        return;
    }
    pending.0 = focus::focused_key(&focus, &keys);
    for e in &roots {
        commands.entity(e).despawn();
    }
    let lang = settings.lang;
    commands
        .spawn((
            widgets::screen_root("Negotiation Screen"),
            NegotiationRoot,
            DespawnOnExit(Screen::Negotiation),
        ))
        .with_children(|r| match session {
            Some(s) => spawn_negotiation(r, &s.game, choice.0, lang, !had),
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

fn spawn_negotiation(
    r: &mut ChildSpawnerCommands,
    g: &Game,
    chosen: Stance,
    lang: Lang,
    first: bool,
) {
    let power = g.negotiating_power();
    let bid = g.bid().map(|b| b.price).unwrap_or(0);
    r.spawn(widgets::hrow(24.0)).with_children(|top| {
        top.spawn(widgets::header("neg.title"));
        top.spawn(widgets::body(
            lit(trf(
                lang,
                "neg.bid",
                &[("price", &crate::sim::describe::money(lang, bid as f64))],
            )),
            Role::Muted,
        ));
    });
    r.spawn(Node {
        flex_direction: FlexDirection::Row,
        flex_grow: 1.0,
        min_height: px(0),
        column_gap: px(12),
        ..default()
    })
    .with_children(|main| {
        main.spawn(widgets::boxed(percent(50), Val::Auto))
            .with_children(|b| {
                b.spawn(widgets::heading("neg.power"));
                let role = if power >= 3 { Role::Good } else { Role::Warn };
                b.spawn(widgets::text(
                    lit(words::dots(power, 6)),
                    size::HEADER * 0.8,
                    role,
                ));
                b.spawn(widgets::small("neg.power_counts", Role::Muted));
                for (source, held) in g.power_sources() {
                    let (mark, role) = if held {
                        ("✓", Role::Good)
                    } else {
                        ("×", Role::Muted)
                    };
                    b.spawn((
                        widgets::small(
                            lit(format!(
                                "{mark} {}",
                                crate::i18n::tr(lang, &format!("neg.counted.{}", source.key()))
                            )),
                            role,
                        ),
                        PowerShown(held),
                    ));
                }
                b.spawn(widgets::heading("neg.sources"));
                b.spawn(widgets::scroll_column(4.0)).with_children(|s| {
                    for src in SOURCES {
                        s.spawn(widgets::small(
                            lit(format!(
                                "• {}",
                                crate::i18n::tr(lang, &format!("neg.source.{src}"))
                            )),
                            Role::Text,
                        ));
                    }
                });
            });
        main.spawn(widgets::boxed(percent(50), Val::Auto))
            .with_children(|b| {
                b.spawn(widgets::heading("neg.stance"));
                for (stance, key, hint, k) in [
                    (Stance::Firm, "neg.firm", "neg.firm_hint", "firm"),
                    (
                        Stance::Balanced,
                        "neg.balanced",
                        "neg.balanced_hint",
                        "balanced",
                    ),
                    (Stance::Yield, "neg.yield", "neg.yield_hint", "yield"),
                ] {
                    let mut c = b.spawn(widgets::choice(key, k, choose(stance)));
                    if stance == chosen {
                        c.insert(Selected);
                        if first {
                            c.insert(AutoFocus);
                        }
                    }
                    b.spawn(widgets::small(hint, Role::Muted));
                    if let Some(t) = g.negotiation_terms(stance) {
                        b.spawn((
                            widgets::small(lit(terms_text(&t, lang)), Role::Text),
                            StanceTerms(stance),
                        ));
                    }
                }
                if chosen == Stance::Firm && power < 3 {
                    b.spawn(widgets::body("neg.firm_warning", Role::Warn));
                }
                b.spawn(Node {
                    flex_grow: 1.0,
                    ..default()
                });
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
