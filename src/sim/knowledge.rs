//! What the evidence says: per fact, the value the sources favour, how strongly, and whether
//! independent sources disagree. Built only from what the player has seen.

use crate::scenario::schema::KeyInfo;
use crate::sim::game::Game;
use crate::sim::types::*;

/// The evidence about one fact, summarised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub fact: Fact,
    /// The value the evidence favours, weighed by reliability (see [`summarise`]): a
    /// reliability-100 document beats any number of rumours.
    pub best: Value,
    /// Summed reliability behind `best`, 0..
    pub weight: f64,
    /// Independent sources that back `best`.
    pub sources: usize,
    /// Two sources disagree (for budgets: differ by more than 5%).
    pub conflict: bool,
}

pub(crate) fn same(fact: Fact, a: Value, b: Value) -> bool {
    match (fact, a, b) {
        (Fact::Key(KeyInfo::Budget), Value::Amount(x), Value::Amount(y)) => {
            (x as i64 - y as i64).abs() * 20 <= x.max(y) as i64
        }
        _ => a == b,
    }
}

impl Game {
    /// Summary of the evidence about `fact`, or None when there is none.
    pub fn summary(&self, fact: Fact) -> Option<Summary> {
        let all = &self.summaries;
        all.binary_search_by(|s| s.fact.cmp(&fact))
            .ok()
            .map(|i| all[i])
    }

    /// Re-summarise one fact after new evidence about it, at position `new` in the evidence.
    pub(crate) fn refresh_summary(&mut self, fact: Fact, new: usize) {
        let new = new as u32;
        self.next_report.resize(self.evidence.len(), u32::MAX);
        let found = self.summaries.binary_search_by(|x| x.fact.cmp(&fact));
        let first = match found {
            Ok(i) => {
                let (first, last) = self.reports[i];
                self.next_report[last as usize] = new;
                self.reports[i].1 = new;
                first
            }
            Err(i) => {
                self.reports.insert(i, (new, new));
                new
            }
        };
        let reports = Reports {
            evidence: &self.evidence,
            next: &self.next_report,
            at: first,
        };
        // There is at least the new report, so there is a summary.
        let mut groups = std::mem::take(&mut self.report_groups);
        let summary = summarise(fact, reports, &mut groups);
        self.report_groups = groups;
        let Some(s) = summary else {
            return;
        };
        match found {
            Ok(i) => self.summaries[i] = s,
            Err(i) => self.summaries.insert(i, s),
        }
    }

    /// Every fact the player holds evidence about, with its summary, in a stable order.
    pub fn summaries(&self) -> &[Summary] {
        &self.summaries
    }

    /// Facts on which independent sources disagree (shown as conflicts on the account map).
    pub fn conflicts(&self) -> Vec<Fact> {
        self.summaries
            .iter()
            .filter(|s| s.conflict)
            .map(|s| s.fact)
            .collect()
    }
}

/// The reports about one fact, in the order they arrived, following [`Game::next_report`].
#[derive(Clone)]
struct Reports<'a> {
    evidence: &'a [Evidence],
    next: &'a [u32],
    at: u32,
}

impl<'a> Iterator for Reports<'a> {
    type Item = &'a Evidence;
    fn next(&mut self) -> Option<&'a Evidence> {
        let i = self.at as usize;
        let e = self.evidence.get(i)?;
        self.at = self.next[i];
        Some(e)
    }
}

/// Summarise the evidence about one fact, given in the order it arrived.
///
/// Reports are grouped: a report joins the first group (in order of creation) whose first
/// value it matches, else starts a group. Which group the evidence favours weighs each
/// report by its reliability, not by counting heads:
/// - a group holding a certain report (reliability 100: the tender document, a published
///   figure) beats every group without one, and of two certain reports the later stands
///   (a document reissued supersedes the old one);
/// - otherwise, for a fact that changes (rank, allegiance), the summed reliability with
///   later reports weighing more (× their week);
/// - otherwise the confidence of independent reports together, 1 − Π(1 − reliability/100):
///   four rumours at 25 make 0.68, one insider at 80 makes 0.8;
///
/// ties to the most recent group. This runs for every new piece of evidence, so it keeps
/// its groups on the stack, and notes each report's group and source in `members` (a
/// reused buffer) to count the best group's sources without grouping again.
fn summarise<'a, I>(fact: Fact, evidence: I, members: &mut Vec<(usize, Source)>) -> Option<Summary>
where
    I: Iterator<Item = &'a Evidence>,
{
    let mut groups = Groups::default();
    members.clear();
    let changing = matches!(fact, Fact::Rank | Fact::Allegiance(_));
    for e in evidence {
        // Later evidence about a changing fact (rank, allegiance) counts more.
        let recency = if changing { e.week as f64 } else { 1.0 };
        let w = e.reliability as f64 * recency;
        let doubt = 1.0 - (e.reliability.min(100) as f64 / 100.0);
        let sure = if e.reliability >= 100 { e.week + 1 } else { 0 };
        // A report's group is the first whose value it matches; groups are only added
        // after it, so that stays its group.
        let i = match groups.find(fact, e.value) {
            Some(i) => {
                let g = groups.get_mut(i);
                g.weight += w;
                g.week = g.week.max(e.week);
                g.doubt *= doubt;
                g.sure = g.sure.max(sure);
                i
            }
            None => {
                groups.push(Group {
                    value: e.value,
                    weight: w,
                    week: e.week,
                    doubt,
                    sure,
                });
                groups.len - 1
            }
        };
        members.push((i, e.source));
    }
    let strength = |g: &Group| if changing { g.weight } else { 1.0 - g.doubt };
    let mut best: Option<usize> = None;
    for i in 0..groups.len {
        let a = groups.get(i);
        // `>=`: among equals the later group wins, as `Iterator::max_by` does.
        let better = match best.map(|b| groups.get(b)) {
            None => true,
            Some(b) => a
                .sure
                .cmp(&b.sure)
                .then(strength(&a).total_cmp(&strength(&b)))
                .then(a.weight.total_cmp(&b.weight))
                .then(a.week.cmp(&b.week))
                .is_ge(),
        };
        if better {
            best = Some(i);
        }
    }
    let b = best?;
    // Independent sources behind the best group: distinct sources among its reports
    // (each counted at its first report).
    let sources = members
        .iter()
        .enumerate()
        .filter(|&(j, &(i, source))| {
            i == b && !members[..j].iter().any(|&(k, s)| k == b && s == source)
        })
        .count();
    let best = groups.get(b);
    Some(Summary {
        fact,
        best: best.value,
        weight: best.weight,
        sources,
        conflict: groups.len > 1,
    })
}

/// Reports that agree on a value: its first value, summed weight (reliability, × week for
/// a changing fact), latest week, the chance all of them are wrong (Π(1 − reliability/100))
/// and, for a group holding a certain report, 1 + the latest such report's week (else 0).
#[derive(Clone, Copy)]
struct Group {
    value: Value,
    weight: f64,
    week: u32,
    doubt: f64,
    sure: u32,
}

/// Groups of agreeing reports; the first few inline, the rest (rare) on the heap.
struct Groups {
    inline: [Group; 8],
    spill: Vec<Group>,
    len: usize,
}

impl Default for Groups {
    fn default() -> Self {
        Groups {
            // Filler, never read: only the first `len` groups are.
            inline: [Group {
                value: Value::Rank(0),
                weight: 0.0,
                week: 0,
                doubt: 1.0,
                sure: 0,
            }; 8],
            spill: Vec::new(),
            len: 0,
        }
    }
}

impl Groups {
    fn get(&self, i: usize) -> Group {
        match self.inline.get(i) {
            Some(&g) => g,
            None => self.spill[i - self.inline.len()],
        }
    }
    fn get_mut(&mut self, i: usize) -> &mut Group {
        let n = self.inline.len();
        match self.inline.get_mut(i) {
            Some(g) => g,
            None => &mut self.spill[i - n],
        }
    }
    fn push(&mut self, g: Group) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = g,
            None => self.spill.push(g),
        }
        self.len += 1;
    }
    /// The first group whose first value `v` matches.
    fn find(&self, fact: Fact, v: Value) -> Option<usize> {
        (0..self.len).find(|&i| same(fact, self.get(i).value, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bots::{Policy, play};
    use crate::sim::Scenario;
    use std::sync::Arc;

    fn report(week: u32, value: Value, source: Source, reliability: u8) -> Evidence {
        Evidence {
            week,
            fact: Fact::Key(KeyInfo::Process),
            value,
            source,
            reliability,
        }
    }

    /// The tender document's week (reliability 100) stands against four earlier reports of
    /// another week, however many; and without a certain report, reliability still weighs
    /// more than heads: one insider at 80 beats three rumours at 25.
    #[test]
    fn a_certain_document_beats_any_number_of_lesser_reports() {
        let f = Fact::Key(KeyInfo::Process);
        let old = Value::Week(14);
        let new = Value::Week(15);
        let mut ev = vec![
            report(1, old, Source::Published, 90),
            report(3, old, Source::Rumour, 25),
            report(5, old, Source::Person(0), 60),
            report(7, old, Source::Informant(1), 80),
        ];
        let before = summarise(f, ev.iter(), &mut Vec::new()).expect("evidence");
        assert_eq!(before.best, old);
        ev.push(report(15, new, Source::Tender, 100));
        let after = summarise(f, ev.iter(), &mut Vec::new()).expect("evidence");
        assert_eq!(after.best, new, "the tender document's week must stand");
        assert_eq!(after.sources, 1);
        assert!(after.conflict);
        // Order does not matter: the document first, the rumours after it.
        ev.rotate_right(1);
        assert_eq!(summarise(f, ev.iter(), &mut Vec::new()).unwrap().best, new);

        let rumours = [
            report(2, old, Source::Rumour, 25),
            report(3, old, Source::Rumour, 25),
            report(4, old, Source::Rumour, 25),
            report(5, new, Source::Informant(1), 80),
        ];
        let s = summarise(f, rumours.iter(), &mut Vec::new()).unwrap();
        assert_eq!(
            s.best, new,
            "one insider at 80 outweighs three rumours at 25"
        );
        // Several good independent sources still outweigh one weaker one.
        let many = [
            report(2, old, Source::Person(0), 60),
            report(3, old, Source::Person(1), 60),
            report(4, old, Source::Person(2), 60),
            report(5, new, Source::Informant(3), 90),
        ];
        assert_eq!(
            summarise(f, many.iter(), &mut Vec::new()).unwrap().best,
            old
        );
    }

    /// In played games where an event moved the tender, the account map's hint for the
    /// tender week is the tender document's week once the tender is out.
    #[test]
    fn the_hint_follows_the_tender_document_when_the_schedule_moved() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut moved = 0;
        for id in ["gov_platform", "hospital_equipment", "expert_reshuffle"] {
            let l = crate::scenario::load_path(&dir.join(format!("{id}.ron"))).expect("valid");
            let scn = Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"));
            for seed in 1..=40 {
                let g = play(scn.clone(), seed, Policy::Expert);
                if !g.tender_issued() || g.tender_week() == scn.file.project.tender_week {
                    continue;
                }
                moved += 1;
                let s = g
                    .summary(Fact::Key(KeyInfo::Process))
                    .expect("the tender says");
                assert_eq!(
                    s.best,
                    Value::Week(g.tender_week()),
                    "{id} seed {seed}: the hint must be the tender document's week"
                );
            }
        }
        assert!(
            moved > 0,
            "no seed moved the tender: the test proves nothing"
        );
    }

    /// The per-fact report lists the summaries are kept from give the same summaries as
    /// reading all the evidence again, after whole games of several policies.
    #[test]
    fn summaries_match_a_full_rereading_of_the_evidence() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        for id in ["gov_platform", "expert_reshuffle", "companion_bid"] {
            let l = crate::scenario::load_path(&dir.join(format!("{id}.ron"))).expect("valid");
            let scn = Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"));
            for policy in [Policy::Expert, Policy::Random, Policy::Cheater] {
                for seed in 1..=4 {
                    let g = play(scn.clone(), seed, policy);
                    let mut facts: Vec<Fact> = g.evidence().iter().map(|e| e.fact).collect();
                    facts.sort_unstable();
                    facts.dedup();
                    assert!(!facts.is_empty(), "{id} {policy:?} {seed}: no evidence");
                    let listed: Vec<Fact> = g.summaries().iter().map(|s| s.fact).collect();
                    assert_eq!(listed, facts, "{id} {policy:?} seed {seed}");
                    for &f in &facts {
                        let all = g.evidence().iter().filter(|e| e.fact == f);
                        assert_eq!(
                            g.summary(f),
                            summarise(f, all, &mut Vec::new()),
                            "{id} {policy:?} {seed} {f:?}"
                        );
                    }
                }
            }
        }
    }
}
