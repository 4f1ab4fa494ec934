//! The tender screen: the issued tender document (rules, evaluation method and weights,
//! procurement form, committee, due week) and the bid builder (price against our cost,
//! list price and the budget the player believes; emphasis; clarification, proposal, the
//! unethical leaked bid, submit, end week). When the bids are opened it moves to Result.

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
use crate::scenario::schema::{Evaluation, Procurement};
use crate::sim::{Act, Emphasis, Fact, Game, LogKind, Phase, V, Value, describe};

/// The steps of the price buttons, 万元.
pub const PRICE_STEPS: [u32; 3] = [1, 10, 50];
/// The highest price the keyboard entry accepts, 万元.
const PRICE_MAX: u32 = 9_999_999;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<BidDraft>();
    app.add_systems(OnEnter(Screen::Tender), start_draft);
    app.add_systems(
        Update,
        (type_price, leave_when_evaluated)
            .chain()
            .run_if(in_state(Screen::Tender))
            .before(view::ViewSystems),
    );
    view::add_view(app, tender_view);
}

/// The bid being prepared: kept until it is submitted, so a visit to the board loses nothing.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct BidDraft {
    /// 万元.
    pub price: u32,
    pub emphasis: Emphasis,
    /// The last key pressed was a digit: the next digit extends the number.
    pub typing: bool,
    /// The game (scenario id, seed) the draft belongs to.
    pub game: Option<(String, u64)>,
}

impl Default for BidDraft {
    fn default() -> Self {
        BidDraft {
            price: 0,
            emphasis: Emphasis::Technical,
            typing: false,
            game: None,
        }
    }
}

/// A fresh draft for a new game: our list price, or the bid already submitted.
fn start_draft(session: Option<Res<Session>>, mut draft: ResMut<BidDraft>) {
    let Some(session) = session else { return };
    let g = &session.game;
    let id = Some((g.scenario().id().to_string(), g.seed()));
    if draft.game == id && g.bid().is_none() {
        return;
    }
    let list = g.scenario().file.our_company.list_price;
    *draft = BidDraft {
        price: g.bid().map(|b| b.price).unwrap_or(list),
        emphasis: g.bid().map(|b| b.emphasis).unwrap_or(Emphasis::Technical),
        typing: false,
        game: id,
    };
}

/// Where a game belongs once its bids are opened: Result after an evaluation, the debrief
/// when it ended otherwise (a discovered violation), nowhere while the tender runs.
pub fn after_tender(game: &Game) -> Option<Screen> {
    match game.phase() {
        Phase::Playing => None,
        Phase::Negotiating => Some(Screen::Result),
        Phase::Over(_) => {
            let evaluated = game
                .log()
                .iter()
                .any(|e| matches!(e.kind, LogKind::Evaluated { .. }));
            Some(if evaluated {
                Screen::Result
            } else {
                Screen::Debrief
            })
        }
    }
}

fn leave_when_evaluated(session: Option<Res<Session>>, mut next: ResMut<NextState<Screen>>) {
    if let Some(s) = session
        && let Some(to) = after_tender(&s.game)
    {
        next.set(to);
    }
}

/// Digits type a price (a new number after any other control), Backspace deletes one.
fn type_price(keys: Option<Res<ButtonInput<KeyCode>>>, mut draft: ResMut<BidDraft>) {
    let Some(keys) = keys else { return };
    for k in keys.get_just_pressed() {
        let digit = match k {
            KeyCode::Digit0 | KeyCode::Numpad0 => Some(0),
            KeyCode::Digit1 | KeyCode::Numpad1 => Some(1),
            KeyCode::Digit2 | KeyCode::Numpad2 => Some(2),
            KeyCode::Digit3 | KeyCode::Numpad3 => Some(3),
            KeyCode::Digit4 | KeyCode::Numpad4 => Some(4),
            KeyCode::Digit5 | KeyCode::Numpad5 => Some(5),
            KeyCode::Digit6 | KeyCode::Numpad6 => Some(6),
            KeyCode::Digit7 | KeyCode::Numpad7 => Some(7),
            KeyCode::Digit8 | KeyCode::Numpad8 => Some(8),
            KeyCode::Digit9 | KeyCode::Numpad9 => Some(9),
            _ => None,
        };
        if let Some(d) = digit {
            let base = if draft.typing { draft.price } else { 0 };
            draft.price = base.saturating_mul(10).saturating_add(d).min(PRICE_MAX);
            draft.typing = true;
        } else if *k == KeyCode::Backspace {
            draft.price /= 10;
            draft.typing = true;
        }
    }
}

/// The tender screen as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TenderView {
    /// No game to show: a note and a way back to the title.
    no_game: bool,
    top: (String, String),
    document: Document,
    bid: Builder,
    bar: (String, Role),
}

/// The tender document.
#[derive(Debug, Clone, PartialEq, Default)]
struct Document {
    project: String,
    /// (label key, value)
    facts: Vec<(&'static str, String)>,
    formula: &'static str,
    /// (text, our standing, met)
    rules: Vec<(String, String, bool)>,
    leaked: Option<String>,
}

/// The bid builder.
#[derive(Debug, Clone, PartialEq, Default)]
struct Builder {
    /// The bid already submitted, in words.
    submitted: Option<String>,
    price: String,
    margin: (String, Option<Role>),
    list: String,
    /// The believed budget's line, and whether the price is over it.
    believed: Option<(String, bool)>,
    emphasis: Option<Emphasis>,
    submit: String,
    proposal: (String, Option<String>),
    clarify: Once,
    object: Once,
    /// (rival, caption, why not)
    partners: Vec<(V, String, Option<String>)>,
    leak: bool,
    /// The costly move waiting for its second press, and its button's caption meanwhile.
    armed: Option<(Act, String)>,
}

/// A move made once per tender: whether it can be made, and what to say beside it.
#[derive(Debug, Clone, PartialEq, Default)]
struct Once {
    enabled: bool,
    done: bool,
    note: String,
}

impl View for TenderView {
    const SCREEN: Screen = Screen::Tender;
    crate::view_sections!(
        top => build_top,
        document => build_document,
        bid => build_bid,
        bar => build_bar,
    );

    fn same_frame(&self, old: &Self) -> bool {
        self.no_game == old.no_game
    }

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        let mut root = commands.spawn(widgets::screen_root("Tender Screen"));
        root.with_children(|r| {
            if self.no_game {
                no_game(r);
                return;
            }
            // Top bar: what and when, and what is left to spend.
            slots.spawn(r, "top", widgets::hrow(24.0));
            r.spawn(widgets::columns(12.0)).with_children(|main| {
                main.spawn(widgets::boxed(percent(46), Val::Auto))
                    .with_children(|doc| {
                        doc.spawn(widgets::heading("tdr.document"));
                        slots.spawn(doc, "document", widgets::scroll_column(6.0));
                    });
                main.spawn(widgets::boxed(percent(54), Val::Auto))
                    .with_children(|b| {
                        b.spawn(widgets::heading("tdr.bid"));
                        slots.spawn(b, "bid", widgets::scroll_column(8.0));
                    });
            });
            // Bottom bar.
            r.spawn(widgets::hrow(12.0)).with_children(|bar| {
                bar.spawn(widgets::button(
                    "tdr.to_board",
                    "board",
                    ButtonKind::Secondary,
                    to_board,
                ));
                bar.spawn(widgets::button(
                    "tdr.end_week",
                    "end_week",
                    ButtonKind::Primary,
                    end_week,
                ));
                slots.spawn(bar, "bar", widgets::hrow(0.0));
            });
        });
        root.id()
    }
}

fn tender_view(
    session: Option<Res<Session>>,
    draft: Res<BidDraft>,
    settings: Res<Settings>,
    confirm: Res<Confirm>,
) -> Option<TenderView> {
    Some(match session {
        Some(s) => view_of(&s, &draft, &confirm, settings.lang),
        None => TenderView {
            no_game: true,
            top: Default::default(),
            document: Document::default(),
            bid: Builder::default(),
            bar: (String::new(), Role::Muted),
        },
    })
}

fn view_of(session: &Session, draft: &BidDraft, confirm: &Confirm, lang: Lang) -> TenderView {
    let g = &session.game;
    TenderView {
        no_game: false,
        top: (
            trf(
                lang,
                "tdr.week_line",
                &[
                    ("week", &g.week().to_string()),
                    ("due", &g.bid_week().to_string()),
                ],
            ),
            trf(
                lang,
                "tdr.resources",
                &[
                    ("rep", &g.rep_days_left().to_string()),
                    ("presales", &g.presales_days_left().to_string()),
                    ("spent", &crate::sim::describe::money(lang, g.spent())),
                    (
                        "budget",
                        &crate::sim::describe::money(lang, g.expense_budget()),
                    ),
                ],
            ),
        ),
        document: document(g, lang),
        bid: builder(g, draft, confirm, lang),
        bar: match &session.refusal {
            None if confirm.0.is_some() => (
                match confirm.0 {
                    Some(Act::EndWeek) => format!(
                        "{} · {}",
                        tr(lang, "board.confirm_end_week"),
                        trf(
                            lang,
                            "board.end_week_unused",
                            &[("n", &g.rep_days_left().to_string())]
                        )
                    ),
                    _ => tr(lang, "ui.confirm_hint").to_string(),
                },
                Role::Warn,
            ),
            Some(why) => (
                trf(lang, "tdr.refused", &[("why", &words::illegal(lang, why))]),
                Role::Bad,
            ),
            None if g.bid().is_none() && g.week() >= g.bid_week() => {
                (tr(lang, "tdr.last_week").to_string(), Role::Warn)
            }
            None => (tr(lang, "tdr.keys").to_string(), Role::Muted),
        },
    }
}

fn document(g: &Game, lang: Lang) -> Document {
    let scn = g.scenario();
    let project = &scn.file.project;
    let proc_key = match project.procurement {
        Procurement::OpenTender => "tdr.proc.open_tender",
        Procurement::InvitedTender => "tdr.proc.invited_tender",
        Procurement::Negotiated => "tdr.proc.negotiated",
        Procurement::SingleSource => "tdr.proc.single_source",
    };
    let method = match project.evaluation {
        Evaluation::Comprehensive {
            technical,
            price,
            business,
        } => trf(
            lang,
            "tdr.eval.comprehensive",
            &[
                ("technical", &technical.to_string()),
                ("price", &price.to_string()),
                ("business", &business.to_string()),
            ],
        ),
        Evaluation::LowestCompliantPrice => tr(lang, "tdr.eval.lowest").to_string(),
    };
    let formula = match (project.procurement, project.evaluation) {
        (Procurement::Negotiated | Procurement::SingleSource, _) => "tdr.formula.negotiated",
        (_, Evaluation::LowestCompliantPrice) => "tdr.formula.lowest",
        _ => "tdr.formula.comprehensive",
    };
    let rules = g
        .tender_rules()
        .unwrap_or(&[])
        .iter()
        .map(|&i| {
            let rule = &scn.rules[i];
            let meet = rule.met_by.first().copied().unwrap_or(false);
            (
                format!("• {}", rule.text.get(lang)),
                tr(lang, if meet { "tdr.we_meet" } else { "tdr.we_fail" }).to_string(),
                meet,
            )
        })
        .collect();
    let leaked: Vec<String> = (1..scn.vendors())
        .filter_map(|v| {
            g.summary(Fact::RivalPrice(v)).and_then(|x| match x.best {
                Value::Amount(a) => Some(format!(
                    "{} {}",
                    describe::vendor(scn, v, lang),
                    describe::money(lang, a as f64)
                )),
                _ => None,
            })
        })
        .collect();
    Document {
        project: project.name.get(lang).to_string(),
        facts: vec![
            ("tdr.procurement", tr(lang, proc_key).to_string()),
            ("tdr.evaluation", method),
        ],
        formula,
        rules,
        leaked: (!leaked.is_empty()).then(|| leaked.join("，")),
    }
    .with_committee(g, lang)
}

impl Document {
    /// The committee and the due week, after the formula.
    fn with_committee(mut self, g: &Game, lang: Lang) -> Self {
        let scn = g.scenario();
        self.facts.push((
            "tdr.committee",
            trf(
                lang,
                "tdr.committee_value",
                &[
                    ("members", &scn.committee.len().to_string()),
                    ("experts", &scn.file.project.outside_experts.to_string()),
                ],
            ),
        ));
        self.facts.push((
            "tdr.due",
            trf(lang, "tdr.due_value", &[("n", &g.bid_week().to_string())]),
        ));
        self
    }
}

fn builder(g: &Game, draft: &BidDraft, confirm: &Confirm, lang: Lang) -> Builder {
    let scn = g.scenario();
    let ours = &scn.file.our_company;
    // The price against what we know.
    let price = draft.price.max(1) as f64;
    let margin = (price - ours.cost as f64) / price * 100.0;
    let margin_role = if margin < 0.0 {
        Role::Bad
    } else if margin < scn.file.project.target_margin * 100.0 {
        Role::Warn
    } else {
        Role::Good
    };
    let margin_mark = if margin < 0.0 { "× " } else { "" };
    let discount = 100.0 - draft.price as f64 / ours.list_price.max(1) as f64 * 100.0;
    let once = |act: Act, done_key: &str, hint: &str| {
        let done = g.actions().contains(&act);
        let why = g.check(&act).err();
        Once {
            enabled: why.is_none(),
            done,
            note: match (done, why) {
                (true, _) => tr(lang, done_key).to_string(),
                (false, Some(why)) => format!("× {}", words::illegal(lang, &why)),
                (false, None) => tr(lang, hint).to_string(),
            },
        }
    };
    Builder {
        submitted: g.bid().map(|b| {
            trf(
                lang,
                "tdr.submitted",
                &[
                    ("price", &crate::sim::describe::money(lang, b.price as f64)),
                    ("emphasis", &describe::word(lang, "emphasis", b.emphasis)),
                ],
            )
        }),
        price: trf(
            lang,
            "tdr.price",
            &[(
                "price",
                &crate::sim::describe::money(lang, draft.price as f64),
            )],
        ),
        margin: (
            format!(
                "{margin_mark}{}",
                trf(
                    lang,
                    "tdr.margin",
                    &[
                        ("cost", &crate::sim::describe::money(lang, ours.cost as f64)),
                        ("margin", &format!("{margin:.0}")),
                        (
                            "target",
                            &format!("{:.0}", scn.file.project.target_margin * 100.0)
                        ),
                    ],
                )
            ),
            Some(margin_role),
        ),
        list: trf(
            lang,
            "tdr.list",
            &[
                (
                    "list",
                    &crate::sim::describe::money(lang, ours.list_price as f64),
                ),
                ("discount", &format!("{discount:.0}")),
            ],
        ),
        believed: g.map().budget.map(|b| {
            (
                trf(
                    lang,
                    "tdr.believed_budget",
                    &[("budget", &crate::sim::describe::money(lang, b as f64))],
                ),
                draft.price > b,
            )
        }),
        emphasis: Some(draft.emphasis),
        submit: trf(
            lang,
            "tdr.submit",
            &[(
                "price",
                &crate::sim::describe::money(lang, draft.price as f64),
            )],
        ),
        proposal: (
            trf(
                lang,
                "tdr.proposal_quality",
                &[("q", &format!("{:.0}", g.proposal_quality()))],
            ),
            g.check(&Act::Proposal)
                .err()
                .map(|why| format!("× {}", words::illegal(lang, &why))),
        ),
        clarify: once(Act::Clarification, "tdr.clarified", "tdr.clarify_hint"),
        object: once(Act::Objection, "tdr.objected", "tdr.object_hint"),
        partners: (1..scn.vendors())
            .map(|v| {
                (
                    v,
                    trf(
                        lang,
                        "tdr.partner",
                        &[("vendor", &describe::vendor(scn, v, lang))],
                    ),
                    g.check(&Act::Partner(v))
                        .err()
                        .map(|why| format!("× {}", words::illegal(lang, &why))),
                )
            })
            .collect(),
        leak: g.check(&Act::ObtainRivalBid).is_ok(),
        armed: confirm.0.filter(|a| *a != Act::EndWeek).map(|a| {
            let what = match a {
                Act::Bid { price, .. } => trf(
                    lang,
                    "tdr.submit",
                    &[("price", &describe::money(lang, price as f64))],
                ),
                other => describe::act(scn, &other, lang),
            };
            (a, trf(lang, "ui.confirm_act", &[("act", &what)]))
        }),
    }
}

fn build_top(top: &(String, String), row: &mut ChildSpawnerCommands, _first: bool) {
    row.spawn(widgets::header("tdr.title"));
    row.spawn(widgets::body(lit(top.0.clone()), Role::Accent));
    row.spawn(widgets::small(lit(top.1.clone()), Role::Muted));
}

fn build_bar(bar: &(String, Role), row: &mut ChildSpawnerCommands, _first: bool) {
    row.spawn(widgets::small(lit(bar.0.clone()), bar.1));
}

fn build_document(d: &Document, s: &mut ChildSpawnerCommands, _first: bool) {
    s.spawn(widgets::body(lit(d.project.clone()), Role::Text));
    for (i, (label, value)) in d.facts.iter().enumerate() {
        fact_line(s, label, value);
        // The formula goes under the evaluation method.
        if i == 1 {
            s.spawn(widgets::small(d.formula, Role::Muted));
        }
    }
    s.spawn(widgets::heading("tdr.rules"));
    if d.rules.is_empty() {
        s.spawn(widgets::small("tdr.no_rules", Role::Muted));
    }
    for (text, mark, met) in &d.rules {
        s.spawn(widgets::hrow(8.0)).with_children(|row| {
            row.spawn((
                widgets::fill_row(),
                children![widgets::body(lit(text.clone()), Role::Text)],
            ));
            row.spawn((
                Node {
                    flex_shrink: 0.0,
                    max_width: px(220),
                    ..default()
                },
                children![widgets::small(
                    lit(mark.clone()),
                    if *met { Role::Good } else { Role::Bad }
                )],
            ));
        });
    }
    s.spawn(widgets::small("tdr.rules_note", Role::Muted));
    if let Some(leaked) = &d.leaked {
        s.spawn(widgets::heading("tdr.leaked"));
        s.spawn(widgets::body(lit(leaked.clone()), Role::Warn));
    }
}

fn fact_line(s: &mut ChildSpawnerCommands, label: &'static str, value: &str) {
    s.spawn(widgets::hrow(8.0)).with_children(|row| {
        row.spawn((
            Node {
                width: px(150),
                flex_shrink: 0.0,
                ..default()
            },
            children![widgets::small(label, Role::Muted)],
        ));
        row.spawn(widgets::body(lit(value.to_string()), Role::Text));
    });
}

fn build_bid(b: &Builder, s: &mut ChildSpawnerCommands, first: bool) {
    let submitted = b.submitted.is_some();
    // Price and its steps.
    s.spawn(widgets::hrow(6.0)).with_children(|row| {
        for step in PRICE_STEPS.iter().rev() {
            let mut e = row.spawn(widgets::button(
                lit(format!("−{step}")),
                &format!("minus{step}"),
                ButtonKind::Secondary,
                step_price(-(*step as i64)),
            ));
            if submitted {
                e.insert(disabled());
            }
        }
        row.spawn((
            Node {
                min_width: px(150),
                justify_content: JustifyContent::Center,
                ..default()
            },
            children![(
                PriceShown,
                widgets::text(lit(b.price.clone()), size::HEADER * 0.9, Role::Heading,)
            )],
        ));
        for step in PRICE_STEPS {
            let mut e = row.spawn(widgets::button(
                lit(format!("+{step}")),
                &format!("plus{step}"),
                ButtonKind::Secondary,
                step_price(step as i64),
            ));
            if step == 10 && first && !submitted {
                e.insert(AutoFocus);
            }
            if submitted {
                e.insert(disabled());
            }
        }
    });
    s.spawn(widgets::small("tdr.type_hint", Role::Muted));
    s.spawn(widgets::body(
        lit(b.margin.0.clone()),
        b.margin.1.unwrap_or(Role::Text),
    ));
    s.spawn(widgets::body(lit(b.list.clone()), Role::Text));
    match &b.believed {
        Some((line, over)) => {
            s.spawn(widgets::body(lit(line.clone()), Role::Text));
            if *over {
                s.spawn(widgets::body("tdr.over_believed", Role::Warn));
            }
        }
        None => {
            s.spawn(widgets::body("tdr.no_believed_budget", Role::Warn));
        }
    }
    s.spawn(widgets::small("tdr.true_budget_unknown", Role::Muted));

    // Emphasis.
    s.spawn(widgets::small("tdr.emphasis", Role::Muted));
    s.spawn(widgets::hrow(6.0)).with_children(|row| {
        for (e, key, k) in [
            (Emphasis::Technical, "tdr.emph.technical", "emph_t"),
            (Emphasis::Price, "tdr.emph.price", "emph_p"),
            (Emphasis::Business, "tdr.emph.business", "emph_b"),
        ] {
            let mut c = row.spawn(widgets::choice(key, k, set_emphasis(e)));
            if b.emphasis == Some(e) {
                c.insert(Selected);
            }
            if submitted {
                c.insert(disabled());
            }
        }
    });
    s.spawn(widgets::small("tdr.emphasis_hint", Role::Muted));

    // Submit.
    s.spawn(widgets::hrow(10.0))
        .with_children(|row| match &b.submitted {
            Some(text) => {
                row.spawn(widgets::body(lit(text.clone()), Role::Good));
            }
            None => {
                let caption = match &b.armed {
                    Some((Act::Bid { .. }, text)) => lit(text.clone()),
                    _ => lit(b.submit.clone()),
                };
                row.spawn(widgets::button(
                    caption,
                    "submit",
                    ButtonKind::Primary,
                    submit_bid,
                ));
            }
        });

    // Preparation.
    s.spawn(widgets::heading("tdr.prepare"));
    s.spawn(widgets::hrow(10.0)).with_children(|row| {
        let mut p = row.spawn(widgets::button(
            armed_caption(b, Act::Proposal, "tdr.proposal"),
            "proposal",
            ButtonKind::Secondary,
            play(Act::Proposal),
        ));
        if b.proposal.1.is_some() {
            p.insert(disabled());
        }
        row.spawn(widgets::body(lit(b.proposal.0.clone()), Role::Text));
        if let Some(why) = &b.proposal.1 {
            row.spawn(widgets::small(lit(why.clone()), Role::Muted));
        }
    });
    once_row(
        s,
        &b.clarify,
        Act::Clarification,
        ["tdr.clarify", "clarify"],
        armed_caption(b, Act::Clarification, "tdr.clarify"),
    );
    // Moves left to a vendor who is late or shut out.
    once_row(
        s,
        &b.object,
        Act::Objection,
        ["tdr.object", "object"],
        armed_caption(b, Act::Objection, "tdr.object"),
    );
    for (v, caption, why) in &b.partners {
        s.spawn(widgets::hrow(10.0)).with_children(|row| {
            let caption = match &b.armed {
                Some((Act::Partner(w), text)) if w == v => lit(text.clone()),
                _ => lit(caption.clone()),
            };
            let mut c = row.spawn(widgets::button(
                caption,
                &format!("partner{v}"),
                ButtonKind::Secondary,
                play(Act::Partner(*v)),
            ));
            match why {
                None => {
                    row.spawn(widgets::small("tdr.partner_hint", Role::Muted));
                }
                Some(why) => {
                    c.insert(disabled());
                    row.spawn(widgets::small(lit(why.clone()), Role::Muted));
                }
            }
        });
    }
    s.spawn(widgets::hrow(10.0)).with_children(|row| {
        let mut c = row.spawn(widgets::button(
            armed_caption(b, Act::ObtainRivalBid, "tdr.leak"),
            "leak",
            ButtonKind::Secondary,
            play(Act::ObtainRivalBid),
        ));
        if !b.leak {
            c.insert(disabled());
        }
        row.spawn(widgets::small("tdr.leak_hint", Role::Bad));
    });
}

/// A move made once per tender (clarification, objection): its button, then what became
/// of it, why it is not available, or a hint. `keys`: caption, focus key.
fn once_row(
    s: &mut ChildSpawnerCommands,
    once: &Once,
    act: Act,
    keys: [&'static str; 2],
    caption: Caption,
) {
    let [_, focus] = keys;
    s.spawn(widgets::hrow(10.0)).with_children(|row| {
        let mut c = row.spawn(widgets::button(
            caption,
            focus,
            ButtonKind::Secondary,
            play(act),
        ));
        if !once.enabled {
            c.insert(disabled());
        }
        row.spawn(widgets::small(
            lit(once.note.clone()),
            if once.done { Role::Good } else { Role::Muted },
        ));
    });
}

/// A button's caption: "…? Press again" while `act` waits for its second press.
fn armed_caption(b: &Builder, act: Act, key: &'static str) -> Caption {
    match &b.armed {
        Some((a, text)) if *a == act => lit(text.clone()),
        _ => Caption::Key(key),
    }
}

/// Marks the price display.
#[derive(Component)]
struct PriceShown;

fn step_price(delta: i64) -> impl FnMut(On<Activate>, ResMut<BidDraft>) {
    move |_, mut draft| {
        let p = (draft.price as i64 + delta).clamp(1, PRICE_MAX as i64) as u32;
        draft.price = p;
        draft.typing = false;
    }
}

fn set_emphasis(e: Emphasis) -> impl FnMut(On<Activate>, ResMut<BidDraft>) {
    move |_, mut draft| {
        if draft.emphasis != e {
            draft.emphasis = e;
        }
        draft.typing = false;
    }
}

#[allow(clippy::type_complexity)]
fn play(
    act: Act,
) -> impl FnMut(On<Activate>, Option<ResMut<Session>>, Res<GamePaths>, ResMut<Confirm>) {
    move |_, session, paths, mut confirm| {
        let Some(mut session) = session else { return };
        if !confirm.press(&session.game, act) {
            return;
        }
        if session.act(act).is_ok()
            && let Err(e) = session::autosave(&paths, &session)
        {
            warn!("autosave failed: {e}");
        }
    }
}

fn submit_bid(
    _: On<Activate>,
    session: Option<ResMut<Session>>,
    mut draft: ResMut<BidDraft>,
    paths: Res<GamePaths>,
    mut confirm: ResMut<Confirm>,
) {
    let Some(mut session) = session else { return };
    let act = Act::Bid {
        price: draft.price,
        emphasis: draft.emphasis,
    };
    draft.typing = false;
    if !confirm.press(&session.game, act) {
        return;
    }
    if session.act(act).is_ok()
        && let Err(e) = session::autosave(&paths, &session)
    {
        warn!("autosave failed: {e}");
    }
}

fn end_week(
    _: On<Activate>,
    session: Option<ResMut<Session>>,
    paths: Res<GamePaths>,
    mut next: ResMut<NextState<Screen>>,
    mut confirm: ResMut<Confirm>,
) {
    let Some(mut session) = session else { return };
    if !confirm.press(&session.game, Act::EndWeek) {
        return;
    }
    if session.act(Act::EndWeek).is_err() {
        return;
    }
    if let Err(e) = session::autosave(&paths, &session) {
        warn!("autosave failed: {e}");
    }
    if let Some(to) = after_tender(&session.game) {
        next.set(to);
    }
}

fn to_board(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Board);
}

/// An end-game screen opened without a game (a screenshot or a test): a note and the way
/// back to the title.
pub(super) fn no_game(r: &mut ChildSpawnerCommands) {
    r.spawn(widgets::label("end.no_game"));
    r.spawn((
        widgets::button("end.to_title", "title", ButtonKind::Primary, to_title),
        AutoFocus,
    ));
}

pub(super) fn to_title(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Title);
}

/// A session of `scn` on `seed` played by the expert bot until `stop` holds (or the game
/// ends): the state the screenshots and tests start from.
pub fn expert_session(
    scn: std::sync::Arc<crate::sim::Scenario>,
    seed: u64,
    stop: impl Fn(&Game) -> bool,
) -> Session {
    let expert = crate::bots::play(scn.clone(), seed, crate::bots::Policy::Expert);
    let mut s = Session::new(scn, seed);
    for act in expert.actions() {
        if stop(&s.game) || s.game.is_over() {
            break;
        }
        let _ = s.game.apply(*act);
    }
    s
}
