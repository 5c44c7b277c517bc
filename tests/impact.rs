//! The impact transient at landing (`gait/impact.rs`, `dynamics/impact.rs`), foot-strike
//! patterns and backward walking: the mechanisms, the momentum balance through the impact, and
//! the one comparison with measured transients that the sources read allow.

mod common;

use common::run;
use lumbus::core::gait::ImpactModel;
use lumbus::core::model::{FOOT, LEFT, PELVIS, RIGHT};
use lumbus::core::{Direction, Engine, FootStrike, Scene, Shoe};

fn with_impact(shoe: Shoe) -> Scene {
    let mut s = common::scene("normal_walking");
    s.impact.enabled = true;
    s.impact.shoe = shoe;
    s
}

/// The impact is off by default and, off, changes nothing: the default run has no impact
/// summary, and its frames do not depend on the impact's other settings.
#[test]
fn impact_off_leaves_the_outputs_unchanged() {
    let base = common::scene("normal_walking");
    let (_, plain) = run(&base);
    assert!(plain.summary.impact.is_none());
    let mut other = base.clone();
    other.impact.shoe = Shoe::Barefoot;
    other.impact.contact_velocity_mps = 0.9;
    other.gait.foot_strike = FootStrike::Forefoot;
    let (_, out) = run(&other);
    assert_eq!(plain.frames, out.frames);
}

/// Through the impact, sampled every 0.5 ms, the lumbar wrenches from the thorax down and from
/// the feet up still agree to rounding: the impact's ground force is the momentum the body's
/// segments gain. And the model's impulses close: the ground gives the effective mass's
/// momentum m₁·v₀, the upper body ends with none.
#[test]
fn momentum_balance_holds_through_the_impact() {
    for shoe in [Shoe::Barefoot, Shoe::Standard, Shoe::Cushioned] {
        let s = with_impact(shoe);
        let engine = Engine::new(&s).unwrap();
        let mut ws = engine.workspace();
        let mut seen = 0.0f64;
        let landing = engine.plan.right_landing_time();
        for i in 0..120 {
            let f = engine.frame(landing + i as f64 * 5e-4, &mut ws).unwrap();
            assert!(
                f.consistency[0] < 1e-6 && f.consistency[1] < 1e-6,
                "{shoe:?} at {i}: {:?}",
                f.consistency
            );
            seen = seen.max(f.grf_n[RIGHT][1]);
        }
        assert!(seen > 0.1 * engine.model.body_weight, "{shoe:?}: the transient is there ({seen} N)");
        let m = engine.plan.impact.as_ref().unwrap();
        let momentum = m.m1 * s.impact.contact_velocity_mps;
        let (g, u) = (m.ground_impulse(), m.upper_impulse());
        assert!((g - momentum).abs() < 0.05 * momentum, "{shoe:?}: ground impulse {g} vs m1·v0 {momentum}");
        assert!(u.abs() < 0.05 * momentum, "{shoe:?}: upper body impulse {u}");
    }
}

/// The transient starts when the landing foot first carries load: with the measured load
/// transfer (the default) at the force plates' heel strike, before the kinematic one; with the
/// contact-timed transfer at the kinematic heel strike.
#[test]
fn the_impact_starts_when_the_landing_foot_takes_load() {
    for transfer in [lumbus::core::LoadTransfer::Measured, lumbus::core::LoadTransfer::Contact] {
        let mut s = with_impact(Shoe::Standard);
        s.gait.load_transfer = transfer;
        let engine = Engine::new(&s).unwrap();
        let landing = engine.plan.right_landing_time();
        let (before, after) = (engine.pose(landing - 1e-3), engine.pose(landing + 1e-3));
        assert!(before.impacts[RIGHT].is_none(), "{transfer:?}: an impact before the landing");
        assert!(after.impacts[RIGHT].is_some(), "{transfer:?}: no impact after the landing");
        let share = |t: f64| engine.pose(t).contacts[RIGHT].share;
        assert!(
            share(landing - 1e-3) == 0.0 && share(landing + 2e-3) > 0.0,
            "{transfer:?}: the load starts there"
        );
    }
}

/// A stiffer sole stops the effective mass harder and sooner: for a spring, peak ∝ √k and time
/// to peak ∝ 1/√k. Barefoot > standard > cushioned in peak and loading rate, the reverse in time.
#[test]
fn a_stiffer_sole_gives_a_larger_earlier_peak() {
    let model = |k_mid: f64| ImpactModel::new(4.6, 60.0, 150e3, Some(k_mid), 20e3, 0.3);
    let (soft, hard) = (model(60e3).ground_peak(), model(400e3).ground_peak());
    assert!(hard.0 > soft.0 && hard.1 < soft.1, "soft {soft:?} hard {hard:?}");
    let runs: Vec<_> = [Shoe::Barefoot, Shoe::Standard, Shoe::Cushioned]
        .iter()
        .map(|s| run(&with_impact(*s)).1.summary.impact.unwrap())
        .collect();
    for w in runs.windows(2) {
        assert!(w[0].force_peak_bw > w[1].force_peak_bw, "{:?}", runs);
        assert!(w[0].loading_rate_bw_per_s > w[1].loading_rate_bw_per_s);
        assert!(w[0].peak_time_ms < w[1].peak_time_ms);
    }
}

/// Light, McLellan & Klenerman 1980 (J Biomech): heel-strike transients of ~5 g at the tibia
/// with hard heels, halved by resilient heels. The effective mass's deceleration stands for the
/// tibial transient; the band asserted (2.5–10 g barefoot; cushioned 0.35–0.75 of barefoot) is a
/// test tolerance around their figures, not a published spread. The heel-pad and midsole
/// stiffness were chosen to land here (gait/impact.rs), so this guards a calibration.
#[test]
fn the_effective_mass_decelerates_as_light_measured_at_the_tibia() {
    let bare = run(&with_impact(Shoe::Barefoot)).1.summary.impact.unwrap();
    let soft = run(&with_impact(Shoe::Cushioned)).1.summary.impact.unwrap();
    assert!((2.5..10.0).contains(&bare.deceleration_peak_g), "barefoot {} g", bare.deceleration_peak_g);
    let ratio = soft.deceleration_peak_g / bare.deceleration_peak_g;
    assert!((0.35..0.75).contains(&ratio), "cushioned / barefoot {ratio}");
    // The active peaks are untouched: the transient is reported separately and falls where
    // the landing foot carries little of the smooth gait's load.
    assert!(bare.grf_impact_peak_bw < 1.0, "{}", bare.grf_impact_peak_bw);
}

/// A forefoot landing collides with less mass (the ankle's compliance takes the shank out:
/// Lieberman et al. 2010) and so a smaller peak; a midfoot landing keeps the heel strike's.
#[test]
fn a_forefoot_landing_collides_with_less_mass() {
    let strike = |f: FootStrike| {
        let mut s = with_impact(Shoe::Standard);
        s.gait.foot_strike = f;
        run(&s).1.summary.impact.unwrap()
    };
    let (heel, mid, fore) =
        (strike(FootStrike::Heel), strike(FootStrike::Midfoot), strike(FootStrike::Forefoot));
    assert!(fore.effective_mass_kg < heel.effective_mass_kg);
    assert!(fore.force_peak_bw < heel.force_peak_bw, "{} vs {}", fore.force_peak_bw, heel.force_peak_bw);
    assert_eq!(mid.effective_mass_kg, heel.effective_mass_kg);
    assert_eq!(mid.force_peak_bw, heel.force_peak_bw);
}

/// Backward walking is the forward cycle played in reverse: the loads at −t are the forward
/// loads at t to rounding (positions and accelerations unchanged, velocities reversed, and they
/// enter only as ω×Iω), the body travels the other way, and the stance foot still rolls without
/// sliding.
#[test]
fn backward_walking_is_forward_walking_reversed() {
    let fwd = common::scene("normal_walking");
    let mut bwd = fwd.clone();
    bwd.gait.direction = Direction::Backward;
    let (ef, of) = run(&fwd);
    let (eb, ob) = run(&bwd);
    let n = of.frames.len();
    for (i, b) in ob.frames.iter().enumerate() {
        let f = &of.frames[(n - i) % n];
        for k in 0..5 {
            let (x, y) = (b.levels[k].compression_n, f.levels[k].compression_n);
            assert!((x - y).abs() < 1e-6 * y.abs().max(1.0), "frame {i} level {k}: {x} vs {y}");
            let (x, y) = (b.levels[k].facet_right_n, f.levels[k].facet_right_n);
            assert!((x - y).abs() < 1e-6 * y.abs().max(1.0), "frame {i} level {k} facet: {x} vs {y}");
        }
        for side in [RIGHT, LEFT] {
            for a in 0..3 {
                let (x, y) = (b.hip_contact_n[side][a], f.hip_contact_n[side][a]);
                assert!((x - y).abs() < 1e-6 * y.abs().max(1.0), "frame {i} hip: {x} vs {y}");
            }
        }
    }
    for (name, l) in &ob.summary.levels {
        let r = of.summary.level(name).compression_peak_bw;
        assert!((l.compression_peak_bw - r).abs() < 1e-9, "{name}");
    }
    // Travel reversed; angular velocities reversed at mirrored instants.
    let (t, h) = (0.3, 1e-3);
    let (p0, p1) = (eb.pose(t), eb.pose(t + h));
    assert!(p1.com[PELVIS].x < p0.com[PELVIS].x);
    let pf = ef.pose(ef.plan.period - t);
    assert!((p0.omega[PELVIS] + pf.omega[PELVIS]).norm() < 1e-9);
    // Feet do not slide: the sole's material point under the rolling foot stays put (at the
    // stance's ends the toe leaves and the heel settles, by millimetres).
    for i in 0..40 {
        let t = i as f64 * eb.plan.period / 40.0;
        let (a, b) = (eb.pose(t), eb.pose(t + 1e-5));
        for side in [RIGHT, LEFT] {
            let c = a.contacts[side];
            if !eb.plan.foot_rolls(side, t) || !eb.plan.foot_rolls(side, t + 1e-5) {
                continue;
            }
            let foot = FOOT[side];
            let local = a.rot[foot].transpose() * (c.point - a.origin[foot]);
            let moved = (b.origin[foot] + b.rot[foot] * local - c.point).norm();
            assert!(moved < 1e-6, "t = {t}, side {side}: slid {moved} m in 10 µs");
        }
    }
}

/// Bad impact settings are refused with the field and its allowed range; an unknown shoe or
/// direction is refused by name.
#[test]
fn bad_impact_settings_are_refused_by_field() {
    let e = lumbus::io::parse_scene("[impact]\ncontact_velocity_mps = 3.0\n", "bad.toml")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bad.toml") && e.contains("impact.contact_velocity_mps") && e.contains("0 to 1.5"),
        "{e}"
    );
    let e = lumbus::io::parse_scene("[impact]\nmidsole_stiffness_kn_per_m = 5.0\n", "bad.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("impact.midsole_stiffness_kn_per_m"), "{e}");
    let e = lumbus::io::parse_scene("[impact]\nshoe = \"sandals\"\n", "bad.toml").unwrap_err().to_string();
    assert!(e.contains("sandals") && e.contains("cushioned"), "{e}");
    let e =
        lumbus::io::parse_scene("[gait]\ndirection = \"sideways\"\n", "bad.toml").unwrap_err().to_string();
    assert!(e.contains("sideways") && e.contains("backward"), "{e}");
}
