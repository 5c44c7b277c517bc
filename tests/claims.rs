//! The claims: every comparison of `scenes/claims/claims.toml` runs; directions are asserted
//! where the literature gives one (REFERENCES.md), and where the answer is the model's own the
//! test pins the mechanism, not a number.

mod common;

use common::{run, scene};
use lumbus::core::{Scene, loads::sacroiliac_force, params::LEVEL_NAMES};
use lumbus_batch::claims::{ClaimResult, DEFAULT_MANIFEST, load_manifest, report};
use lumbus_batch::compare::Comparison;
use std::path::Path;

fn compare(names: &[&str]) -> Comparison {
    let scenes: Vec<(Scene, String)> = names.iter().map(|n| (scene(n), n.to_string())).collect();
    Comparison::of_scenes(&scenes).unwrap_or_else(|e| panic!("{e}"))
}

fn claim_scene(name: &str) -> Scene {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes/claims").join(format!("{name}.toml"));
    lumbus::io::load_scene(&p).unwrap_or_else(|e| panic!("{e}"))
}

fn manifest() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_MANIFEST)
}

/// Every claim either runs its comparison to finite numbers or says its mechanism is missing;
/// the one missing is sidestepping, which needs measured kinematics the engine does not have.
#[test]
fn every_claim_runs_or_says_it_cannot() {
    let specs = load_manifest(&manifest()).unwrap_or_else(|e| panic!("{e}"));
    let mut missing = Vec::new();
    for s in &specs {
        let r = ClaimResult::run(s).unwrap_or_else(|e| panic!("{e}"));
        match &r.comparison {
            None => missing.push(s.id.as_str()),
            Some(c) => {
                for m in &c.metrics {
                    for v in m.values.iter().flatten() {
                        assert!(v.is_finite(), "{}: {} = {v}", s.id, m.key);
                    }
                }
                assert_eq!(r.answer().len(), c.runs.len() - 1, "{}", s.id);
            }
        }
    }
    assert_eq!(missing, ["sideways_walking"]);
}

/// The report states the missing mechanisms in words and gives no number in their sections;
/// every answered claim gets its plot.
#[test]
fn report_says_no_answer_instead_of_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let (results, md) = report(&manifest(), dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(md).unwrap();
    for r in &results {
        let heading = format!("## {}\n", r.spec.claim);
        let start =
            text.find(&heading).unwrap_or_else(|| panic!("no section for {}", r.spec.id)) + heading.len();
        let end = text[start..].find("\n## ").map(|i| start + i).unwrap_or(text.len());
        let section = &text[start..end];
        match r.comparison {
            None => {
                assert!(section.contains("The model has no answer"), "{section}");
                assert!(!section.contains('%') && !section.contains("| metric |"), "{section}");
            }
            Some(_) => {
                assert!(section.contains("What the model says"), "{section}");
                assert!(dir.path().join(format!("claim_{}.png", r.spec.id)).is_file());
            }
        }
    }
}

/// Goh et al. 1998 (Clin Biomech 13(S1)): a 15 % BW backpack raised the L5–S1 peak force by
/// +26.7 % in 10 walking men. REFERENCES.md gives the mean only, no spread; the band asserted is
/// half to one and a half times that mean (+13.4 … +40 %), a test tolerance stated here, not a
/// published one.
///
/// Not met: the model gives +8.9 % (30 % BW pack: +55.3 %, Goh +64 %; +1.8 % and +48.3 % with
/// Christophy's lumped erector spinae, −0.4 % and +38.3 % with the earlier lumped multifidus,
/// +3.1 % and +40.7 % before AnyBody's psoas path, `model/anybody_psoas.rs`, raised the
/// unloaded peak). It carries the pack
/// with the unloaded gait, without the forward trunk lean Goh's subjects adopted (the claim's
/// stated assumption, scenes/claims/claims.toml). Before the load passed between the feet at
/// the force plates' events (`[gait] load_transfer`), it gave +16.5 %: the trailing foot then
/// carried the whole body and pack alone (1.45 BW) through the vertical force's second
/// maximum, where the measured feet share it, and the pelvis motion fitted to that split put
/// the pack's L5–S1 peak there.
#[test]
#[ignore = "model +8.9 % vs Goh 1998 +26.7 % (band +13.4…+40 %): no forward lean under the pack; see the comment"]
fn backpack_raises_l5_s1_as_goh_measured() {
    let c = compare(&["normal_walking", "backpack"]);
    let goh_15 = 26.7;
    let change = c.change_pct("L5_S1_compression_peak_bw", 1).unwrap();
    assert!(change > 0.5 * goh_15 && change < 1.5 * goh_15, "15 % BW pack: L5–S1 peak {change:+.1} %");
}

/// A backpack raises the L5–S1 peak, and a heavier one raises it further (Goh et al. 1998:
/// +26.7 % with 15 % BW, +64 % with 30 % BW).
///
/// Seen: +8.9 % with the 15 % BW pack, +55.3 % with 30 % (AnyBody's erector spinae and
/// multifidus, `model/anybody_erector.rs`, `model/anybody_multifidus.rs`); +1.8 % and +48.3 %,
/// met narrowly, with Christophy's lumped erectors and AnyBody's multifidus. Between the
/// psoas taking AnyBody's path down the spine (`model/anybody_psoas.rs`) and that change it was
/// not met: the 15 % BW pack changed the L5–S1 peak by −0.4 % (30 %: +38.3 %), the psoas,
/// pressing along the spine, having raised the unloaded peak at heel strike (1.97 → 2.04 BW)
/// while the pack's peak stayed at 2.03. It had passed before only with the trunk's assumed
/// geometry: with
/// either published set of cross-sections tried (AnyBody's or Christophy's own,
/// `model/muscles_trunk.rs`) the 15 % BW pack lowered the L5–S1 peak by 2–4 %. The cause is the
/// gait carried unchanged under the pack (below); no measured forward lean under a 15 % BW pack
/// was found to drive it with (searched 2026-11-22: studies report a significant lean, none
/// read gave its size). Taken apart before the psoas change (L5–S1 compression at its peak
/// split into the net joint force and each muscle family's pull, as
/// `examples/shear_decomposition.rs` splits shear): unloaded, 1.97 BW at 11 % of the cycle is net force 0.41, longissimus 0.63, multifidus 0.44
/// and the rest 0.49, under a 29 N·m extension moment. With the 15 % pack the peak moves to 53 %:
/// the net force's part grows by the pack's weight and inertia (0.66 BW), but the pack, hung
/// behind the spine, extends the trunk by itself and the moment the muscles must make falls to
/// 15 N·m: longissimus 0.38 BW. The two nearly cancel (2.03 BW, +3.1 %). The 30 % pack pulls
/// the trunk back past upright (a 35 N·m flexion moment): the obliques pull 0.79 BW (+40.7 %).
/// Goh's subjects leaned forward instead, putting the pack's weight on the back muscles.
#[test]
fn heavier_backpack_raises_l5_s1_further() {
    let c = compare(&["normal_walking", "backpack"]);
    let pack = claim_scene("backpack_30pct");
    let c30 =
        Comparison::of_scenes(&[(scene("normal_walking"), "base".into()), (pack, "30".into())]).unwrap();
    let change = c.change_pct("L5_S1_compression_peak_bw", 1).unwrap();
    let change_30 = c30.change_pct("L5_S1_compression_peak_bw", 1).unwrap();
    eprintln!("L5–S1 peak: 15 % BW pack {change:+.1} %, 30 % BW pack {change_30:+.1} %");
    assert!(change > 0.0, "15 % pack {change:+.1} %");
    assert!(change_30 > change, "30 % pack {change_30:+.1} % vs 15 % pack {change:+.1} %");
}

/// Huang et al. 2010 (Gait Posture 31:444): at equal speed, longer strides (not higher
/// cadence) enlarge the spinal rotations.
#[test]
fn longer_strides_at_equal_speed_enlarge_trunk_rotation() {
    let c = compare(&["long_strides", "normal_walking", "short_quick_steps"]);
    let speeds: Vec<f64> = c.runs.iter().map(|r| r.speed_mps).collect();
    assert!(speeds.iter().all(|s| (s - speeds[0]).abs() < 0.005), "equal speed: {speeds:?}");
    let rot: Vec<f64> = (0..3).map(|i| c.value("lumbar_axial_rotation_range_deg", i).unwrap()).collect();
    assert!(rot[0] > rot[1] && rot[1] > rot[2], "rotation range long → short: {rot:?}");
}

/// Per metre walked comes from the same per-frame series as the peaks and means: the compare
/// module's peak equals the engine's summary, its per-metre value equals the engine's impulse per
/// metre, and per metre = mean × cycle time ÷ stride exactly (evenly spaced frames, one cycle).
#[test]
fn per_metre_load_is_the_same_series_as_the_peaks() {
    let names = ["normal_walking", "short_quick_steps"];
    let c = compare(&names);
    for (i, n) in names.iter().enumerate() {
        let s = scene(n);
        let (engine, out) = run(&s);
        let bw = engine.model.body_weight;
        for level in LEVEL_NAMES {
            let summary = out.summary.level(level);
            let peak = c.value(&format!("{level}_compression_peak_bw"), i).unwrap();
            assert_eq!(peak, summary.compression_peak_bw, "{n} {level}");
            let per_m = c.value(&format!("{level}_compression_per_m_ns_per_m"), i).unwrap();
            let engine_per_m = out.summary.compression_impulse_per_m.as_ref().unwrap()[level];
            assert!(
                (per_m - engine_per_m).abs() <= 1e-9 * engine_per_m,
                "{n} {level}: {per_m} vs {engine_per_m}"
            );
            let mean_n = c.value(&format!("{level}_compression_mean_bw"), i).unwrap() * bw;
            let from_mean = mean_n * s.gait.cycle_time_s() / s.gait.stride_m;
            assert!((per_m - from_mean).abs() <= 1e-9 * per_m, "{n} {level}: {per_m} vs {from_mean}");
        }
    }
    // Standing walks no distance: no per-metre value, rather than a division by zero.
    let standing = compare(&["normal_walking", "standing"]);
    assert!(standing.value("L5_S1_compression_per_m_ns_per_m", 1).is_none());
}

/// Bracing is a floor on every abdominal's activation: each holds at least that fraction of its
/// maximum force in every frame; no other muscle is floored; and the extensors that must
/// balance the brace add compression (equilibrium, so the mean must rise). Bracing 0 is the
/// default engine, bit for bit.
#[test]
fn bracing_holds_the_abdominals_and_adds_compression() {
    let base = scene("normal_walking");
    let braced = claim_scene("abdominal_bracing");
    let floor = braced.muscles.bracing;
    assert!(floor > 0.0);
    let (engine, out) = run(&braced);
    let abdominal = |i: usize| engine.model.muscles[i].group == lumbus::core::model::MuscleGroup::Abdominals;
    for f in &out.frames {
        for (i, force) in f.muscle_force_n.iter().enumerate() {
            if abdominal(i) {
                let min = floor * engine.model.muscles[i].max_force;
                assert!(
                    *force >= min * (1.0 - 1e-12),
                    "{} at {:.1} %: {force} < {min}",
                    engine.model.muscles[i].name,
                    f.cycle_pct
                );
            }
        }
    }
    let (_, plain) = run(&base);
    let mut zero = base.clone();
    zero.muscles.bracing = 0.0;
    let (_, zero_out) = run(&zero);
    assert_eq!(plain.frames, zero_out.frames);
    for level in ["L4_L5", "L5_S1"] {
        let b = out.summary.level(level).compression_mean_bw;
        let p = plain.summary.level(level).compression_mean_bw;
        assert!(b > p, "{level}: braced {b} vs {p}");
    }
}

/// Flexion (slouching) unloads the facets (Adams & Hutton 1980: facet share ~16 % erect, ~0 in
/// slight flexion) and raises the disc load (Wilke et al. 1999: flexed standing 2.2× relaxed).
#[test]
fn slouching_unloads_the_facets_and_loads_the_disc() {
    let c = compare(&["normal_walking", "slouched_walking"]);
    for level in ["L4_L5", "L5_S1"] {
        let share = c.change_pct(&format!("{level}_facet_share_mean_pct"), 1).unwrap();
        assert!(share < 0.0, "{level} facet share change {share} pts");
        let mean = c.change_pct(&format!("{level}_compression_mean_bw"), 1).unwrap();
        assert!(mean > 0.0, "{level} compression mean change {mean} %");
    }
}

/// A narrowed, degenerated disc shifts load to its facets (Adams & Hutton 1985: up to ~70 %).
#[test]
fn a_degenerated_disc_shifts_load_to_its_facets() {
    let c = compare(&["normal_walking", "degenerated_l4_l5"]);
    let share = c.change_pct("L4_L5_facet_share_mean_pct", 1).unwrap();
    assert!(share > 0.0, "L4–L5 facet share change {share} pts");
}

/// Facet orientation changes how the facets share the load, not the motion: the gait (and so
/// the lumbar rotation) is prescribed, identical in both; the lower facets' forces differ.
#[test]
fn facet_orientation_changes_facet_force_not_the_prescribed_rotation() {
    let base = scene("normal_walking");
    let sag = claim_scene("sagittal_lower_facets");
    let c = Comparison::of_scenes(&[(base, "base".into()), (sag, "sagittal".into())]).unwrap();
    assert_eq!(c.value("lumbar_axial_rotation_range_deg", 0), c.value("lumbar_axial_rotation_range_deg", 1));
    // L1–L2 keeps its orientation (30°) in both.
    assert_eq!(c.value("L1_L2_facet_peak_n", 0), c.value("L1_L2_facet_peak_n", 1));
    let d = c.change_pct("L4_L5_facet_peak_n", 1).unwrap();
    assert!(d.abs() > 0.1, "L4–L5 facet peak change {d} %");
}

/// The sacroiliac load is the sacrum's equilibrium: with the pull of the sacral muscles taken
/// out it is exactly the L5–S1 joint load (the disc and facets' push), and a backpack's weight,
/// which passes down through the sacrum, raises it.
#[test]
fn sacroiliac_load_is_the_sacrums_equilibrium() {
    let (engine, out) = run(&scene("normal_walking"));
    for f in out.frames.iter().step_by(10) {
        let pose = engine.pose(f.time_s);
        let mut no_muscles = f.clone();
        no_muscles.muscle_force_n.iter_mut().for_each(|m| *m = 0.0);
        let si = sacroiliac_force(&engine.model, &pose, &no_muscles).norm();
        let l = &f.levels[4];
        let joint = (l.compression_n.powi(2) + l.ap_shear_n.powi(2) + l.ml_shear_n.powi(2)).sqrt();
        assert!((si - joint).abs() <= 1e-9 * joint, "{si} vs {joint}");
    }
    let c = compare(&["normal_walking", "backpack"]);
    assert!(c.change_pct("sacroiliac_peak_bw", 1).unwrap() > 0.0);
}

/// Same scenes, same numbers, whatever the order they run in.
#[test]
fn comparisons_are_deterministic() {
    let a = compare(&["normal_walking", "backpack"]);
    let b = compare(&["normal_walking", "backpack"]);
    for (m, n) in a.metrics.iter().zip(&b.metrics) {
        assert_eq!(m.values, n.values, "{}", m.key);
    }
}

/// Cushioning: a softer midsole lowers the impact peak at the foot and its loading rate
/// (Light et al. 1980: resilient heels halved the transients), and delays it; the lumbar rise
/// is the model's own answer (set by the leg's transmission), so only its presence is pinned.
#[test]
fn cushioning_softens_the_impact_at_the_foot() {
    let c = Comparison::of_scenes(&[
        (claim_scene("shoes_standard"), "standard".into()),
        (claim_scene("shoes_cushioned"), "cushioned".into()),
        (claim_scene("shoes_barefoot"), "barefoot".into()),
    ])
    .unwrap();
    let v = |k: &str, i: usize| c.value(k, i).unwrap();
    assert!(v("impact_force_peak_bw", 1) < v("impact_force_peak_bw", 0));
    assert!(v("impact_force_peak_bw", 0) < v("impact_force_peak_bw", 2));
    assert!(v("impact_loading_rate_bw_per_s", 1) < v("impact_loading_rate_bw_per_s", 0));
    assert!(v("impact_peak_time_ms", 1) > v("impact_peak_time_ms", 0));
    for i in 0..3 {
        assert!(v("L5_S1_impact_compression_rise_bw", i) > 0.0);
    }
    // Without the impact there is no impact row.
    let plain = compare(&["normal_walking", "backpack"]);
    assert!(plain.value("impact_force_peak_bw", 0).is_none());
}

/// Backward walking lands toe first: a smaller colliding mass, a smaller impact than the
/// forward heel strike at the same stride and cadence.
#[test]
fn backward_walking_lands_toe_first_with_a_smaller_impact() {
    let c = Comparison::of_scenes(&[
        (claim_scene("shoes_standard"), "forward".into()),
        (claim_scene("backward_same_stride"), "backward".into()),
    ])
    .unwrap();
    assert_eq!(c.runs[0].speed_mps, c.runs[1].speed_mps);
    assert!(c.value("impact_force_peak_bw", 1).unwrap() < c.value("impact_force_peak_bw", 0).unwrap());
}
