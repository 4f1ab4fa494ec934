//! Tuning: the numbers a designer touches, with their meaning. A scenario may override any
//! of them in its `tuning` block; everything not given keeps the default here.

use serde::{Deserialize, Serialize};

/// How one kind of action moves a person, by his hidden style and need.
///
/// The attitude change is `base × style × need × repetition × chance`, where `style` and
/// `need` are the multipliers below for the person's hidden style and need (negative
/// values turn a good action into an irritation), `repetition` is `repeat_factor^n`
/// after n earlier uses of the same action on the same person (irritations do not wear
/// off this way), and `chance` is a
/// seeded factor in `[1 - noise, 1 + noise]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    pub base: f64,
    /// Multipliers for Analytical, Amiable, Driver, Expressive.
    pub style: [f64; 4],
    /// Multipliers for Power, Achievement, Recognition, Acceptance, Security.
    pub need: [f64; 5],
    /// Trust gained (0..100 scale), before repetition.
    pub trust: f64,
}

const fn fx(base: f64, style: [f64; 4], need: [f64; 5], trust: f64) -> Effect {
    Effect {
        base,
        style,
        need,
        trust,
    }
}

/// What an action costs: rep days, pre-sales days and expenses (万元).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    pub rep_days: u32,
    pub presales_days: u32,
    pub expense: f64,
}

const fn cost(rep_days: u32, presales_days: u32, expense: f64) -> Cost {
    Cost {
        rep_days,
        presales_days,
        expense,
    }
}

/// Every tunable number of the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tuning {
    // --- effects on a person -------------------------------------------------------
    pub cold_call: Effect,
    pub probe_needs: Effect,
    pub fabe: Effect,
    pub rapport: Effect,
    pub ask_info: Effect,
    pub where_do_we_stand: Effect,
    pub propose_next_step: Effect,
    pub seminar: Effect,
    pub demo: Effect,
    pub factory_visit: Effect,
    pub reference_visit: Effect,
    pub executive_visit: Effect,
    pub business_meal: Effect,
    pub gift: Effect,
    pub kickback: Effect,
    /// Authority endorsement moves every committee member by this.
    pub endorsement: Effect,

    // --- costs ---------------------------------------------------------------------
    pub cost_desk_research: Cost,
    pub cost_cold_call: Cost,
    pub cost_introduction: Cost,
    pub cost_meeting: Cost,
    pub cost_seminar: Cost,
    pub cost_demo: Cost,
    pub cost_factory_visit: Cost,
    pub cost_reference_visit: Cost,
    pub cost_endorsement: Cost,
    pub cost_executive_visit: Cost,
    pub cost_business_meal: Cost,
    pub cost_develop: Cost,
    pub cost_shape_tender: Cost,
    pub cost_clarification: Cost,
    pub cost_objection: Cost,
    pub cost_reframe: Cost,
    pub cost_partner: Cost,
    pub cost_proposal: Cost,
    pub cost_gift: Cost,
    pub cost_kickback: Cost,
    pub cost_obtain_rival_bid: Cost,

    // --- general rules -------------------------------------------------------------
    /// Diminishing returns: after n earlier uses of an action on a person it gives repeat_factor^n.
    pub repeat_factor: f64,
    /// Seeded spread of every effect: a factor in [1-noise, 1+noise].
    pub noise: f64,
    /// Trust bonus on the first meeting with someone introduced by a supporter.
    pub introduction_trust: f64,
    /// Attitude lost by a technical lead whose boss we engage before meeting him.
    pub bypass_penalty: i32,
    /// An action that drops attitude by more than this offends the person, and so does
    /// irritation adding up to twice this over the project.
    pub offence_drop: i32,
    /// When the decision maker is offended, everyone in the political and core circle loses this.
    pub owner_offence_ripple: i32,
    /// Weekly pull of a boss's attitude on his reports (fraction of the gap).
    pub boss_pull: f64,
    /// Weekly pull along a tie, multiplied by the tie's strength.
    pub tie_pull: f64,

    // --- supporters ------------------------------------------------------------------
    /// Attitude and trust needed to turn a contact into an informant.
    pub informant_attitude: i32,
    pub informant_trust: f64,
    /// ... into a sponsor (political or core circle only).
    pub sponsor_attitude: i32,
    pub sponsor_trust: f64,
    /// ... into a coach.
    pub coach_attitude: i32,
    pub coach_trust: f64,
    /// Trust needed before a person shares key information he holds, scaled by (1 - openness).
    pub share_trust: f64,

    // --- the tender ------------------------------------------------------------------
    /// Attitude and trust a technical lead or user needs before he writes our terms in.
    pub shape_attitude: i32,
    pub shape_trust: f64,
    /// Spec points gained by one successful shaping.
    pub shape_gain: i32,
    /// Spec points at which a vendor's terms include the qualification barriers it meets.
    pub barrier_at: i32,
    /// Technical points per spec point.
    pub spec_weight: f64,
    /// Most points a committee member's attitude can add or remove from a score.
    pub bias_limit: f64,
    /// Lowest average technical score that counts as compliant.
    pub compliance_threshold: f64,
    /// Share of a vendor's technical strength that shows only through a proposal that
    /// answers the terms (quality × fit): a vendor with no proposal gets the rest.
    pub proposal_share: f64,
    /// Proposal quality added by one preparation (diminishing).
    pub proposal_gain: f64,
    /// Spec points a person who writes the tender (technical lead or user, watcher or
    /// closer) adds each week for the vendor he backs, at circle weight 1 (core 1.2,
    /// watcher 0.6): whoever shapes the tender shapes it for the vendor he favours.
    pub writer_gain: f64,
    /// Attitude a rival needs from a person before he is its insider (writes its terms,
    /// passes it information); a sponsor or coach of a rival needs `sponsor_attitude` /
    /// `coach_attitude`, as ours do (ours also need trust and the asking).
    pub rival_insider_attitude: i32,
    /// Share of its effect that proof seen by a person keeps each week (proof wears off).
    pub proof_decay: f64,
    /// A bid below this share of the average of the other valid bids is abnormally low:
    /// rejected unless the bidder can justify it (at or above its cost plus
    /// `abnormal_margin`; a rival's floor is its justifiable minimum).
    pub abnormal_low: f64,
    /// The margin over cost a bidder must show to justify an abnormally low price.
    pub abnormal_margin: f64,
    /// Share a rival cuts its price by when its insiders tell it that it is not first.
    pub rival_price_cut: f64,

    // --- rivals -----------------------------------------------------------------------
    /// Attitude a rival gains per courting action at aggressiveness 100.
    pub rival_court_gain: f64,
    /// Spec points a rival gains per week while the technical lead favours it.
    pub rival_shape_gain: i32,

    // --- ethics -----------------------------------------------------------------------
    /// Weekly chance that each kickback is discovered.
    pub kickback_risk: f64,
    /// Weekly chance that each gift is reported.
    pub gift_risk: f64,
    /// Chance that obtaining a rival's bid is discovered, each week after.
    pub leak_risk: f64,

    // --- negotiation ------------------------------------------------------------------
    /// Discount (fraction of price) a buyer extracts with no power on our side.
    pub base_discount: f64,
}

impl Default for Tuning {
    fn default() -> Self {
        //                    analytical amiable driver expressive | power achiev recog accept secur
        Tuning {
            cold_call: fx(2.0, [0.6, 1.0, 0.4, 1.2], [0.8, 0.8, 1.0, 1.2, 0.8], 4.0),
            probe_needs: fx(4.0, [1.0, 1.2, 0.6, 1.2], [1.0, 1.0, 1.2, 1.2, 1.0], 6.0),
            fabe: fx(6.0, [1.2, 0.7, 1.4, 1.0], [1.0, 1.3, 0.9, 0.7, 1.0], 3.0),
            rapport: fx(4.0, [0.3, 1.5, 0.4, 1.3], [0.8, 0.6, 1.2, 1.5, 0.8], 9.0),
            ask_info: fx(0.0, [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0], 1.0),
            where_do_we_stand: fx(1.0, [1.0, 1.0, 1.2, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0], 2.0),
            propose_next_step: fx(5.0, [0.8, 0.8, 1.5, 1.1], [1.0, 1.4, 1.0, 0.8, 0.7], 4.0),
            seminar: fx(7.0, [1.4, 0.8, -0.9, 0.5], [0.8, 1.1, 1.0, 0.8, 1.2], 5.0),
            demo: fx(9.0, [1.6, 0.8, 0.7, 1.1], [0.8, 1.1, 0.9, 0.7, 1.6], 5.0),
            factory_visit: fx(9.0, [1.2, 1.2, 0.6, 1.2], [1.0, 1.0, 1.3, 1.1, 1.5], 8.0),
            reference_visit: fx(9.0, [1.5, 1.0, 0.8, 0.8], [0.8, 1.2, 0.8, 1.0, 1.6], 5.0),
            executive_visit: fx(12.0, [0.7, 1.0, 1.3, 1.3], [1.5, 1.0, 1.5, 0.9, 0.9], 6.0),
            business_meal: fx(5.0, [0.2, 1.4, 0.7, 1.3], [0.7, 0.5, 1.0, 1.5, 0.5], 6.0),
            gift: fx(7.0, [0.6, 1.2, 1.0, 1.2], [1.0, 0.8, 1.0, 1.2, 0.6], 3.0),
            kickback: fx(35.0, [1.0, 1.0, 1.0, 1.0], [1.2, 1.0, 1.0, 1.0, 0.6], 10.0),
            endorsement: fx(4.0, [1.3, 0.8, 0.8, 1.2], [0.8, 1.0, 1.3, 0.8, 1.3], 1.0),

            cost_desk_research: cost(1, 0, 0.0),
            cost_cold_call: cost(1, 0, 0.0),
            cost_introduction: cost(1, 0, 0.2),
            cost_meeting: cost(1, 0, 0.2),
            cost_seminar: cost(1, 2, 1.0),
            cost_demo: cost(1, 2, 1.5),
            cost_factory_visit: cost(2, 0, 3.0),
            cost_reference_visit: cost(1, 1, 2.0),
            cost_endorsement: cost(1, 0, 2.0),
            cost_executive_visit: cost(1, 0, 1.0),
            cost_business_meal: cost(1, 0, 0.5),
            cost_develop: cost(1, 0, 0.3),
            cost_shape_tender: cost(1, 1, 0.5),
            cost_clarification: cost(1, 0, 0.0),
            cost_objection: cost(1, 0, 1.0),
            cost_reframe: cost(1, 1, 0.5),
            cost_partner: cost(1, 0, 0.0),
            cost_proposal: cost(1, 2, 0.5),
            cost_gift: cost(0, 0, 1.0),
            cost_kickback: cost(1, 0, 5.0),
            cost_obtain_rival_bid: cost(1, 0, 2.0),

            repeat_factor: 0.65,
            noise: 0.2,
            introduction_trust: 15.0,
            bypass_penalty: 15,
            offence_drop: 10,
            owner_offence_ripple: 8,
            boss_pull: 0.08,
            tie_pull: 0.08,

            informant_attitude: 15,
            informant_trust: 25.0,
            sponsor_attitude: 45,
            sponsor_trust: 45.0,
            coach_attitude: 55,
            coach_trust: 60.0,
            share_trust: 35.0,

            shape_attitude: 25,
            shape_trust: 30.0,
            shape_gain: 15,
            barrier_at: 40,
            spec_weight: 0.25,
            bias_limit: 10.0,
            compliance_threshold: 40.0,
            proposal_share: 0.3,
            proposal_gain: 40.0,
            writer_gain: 2.0,
            rival_insider_attitude: 35,
            proof_decay: 0.85,
            abnormal_low: 0.8,
            abnormal_margin: 0.05,
            rival_price_cut: 0.06,

            rival_court_gain: 6.0,
            rival_shape_gain: 4,

            kickback_risk: 0.06,
            gift_risk: 0.01,
            leak_risk: 0.05,

            base_discount: 0.12,
        }
    }
}
