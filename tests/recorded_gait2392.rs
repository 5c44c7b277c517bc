//! gait2392 (`Estimating_Joint_Reaction_Loads`): Lumbus's own pipeline on the recorded trial,
//! compared with OpenSim's static optimisation and joint reaction results.
//!
//! OpenSim's joint-reaction output for this trial has no back joint (only `ground_pelvis` and
//! `hip_r`), so its lumbar compression is reconstructed here from its own static-optimisation
//! muscle forces on its own model: the force the pelvis exerts on the torso through the back
//! joint is the torso's m(a − g) less the pull of every muscle attached to the torso (erector
//! spinae, internal and external obliques), and its component along the torso's long axis is
//! the compression. That is compared with our L5–S1 compression (the back joint sits at the
//! top of the sacrum). Our hip contact is compared with OpenSim's `hip_r` reaction, and muscle
//! groups the two models share are compared summed over both sides.
//!
//! Files: the shipped `foot_floor_loads.xml` is refused by our reader (its right foot names the
//! left foot's torque columns), so the GRF uses the documented default mapping
//! (`right_foot_*` → `calcn_r`, `left_foot_*` → `calcn_l`). Like the reference setups, no
//! filtering (cut-off −1) over 0.5–2.0 s.

mod common;

use std::path::PathBuf;

use lumbus::core::model::MuscleGroup;
use lumbus::core::recorded::{required_wrenches, run_recorded, subject_scene};
use lumbus::core::{Engine, Scene};
use lumbus::io::recorded::{LinearResampler, PathPointKind, Table};
use nalgebra::Vector3;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/opensim/gait2392_jointreaction").join(rel)
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

fn mean(a: &[f64]) -> f64 {
    a.iter().sum::<f64>() / a.len() as f64
}

/// A muscle's last path piece onto the torso: name, (body, point) before, (body, point) on it.
type TorsoPull = (String, usize, [f64; 3], usize, [f64; 3]);

struct Comparison {
    name: &'static str,
    ours: Vec<f64>,
    reference: Vec<f64>,
}

impl Comparison {
    fn print(&self) -> (f64, f64) {
        let r = correlation(&self.ours, &self.reference);
        let d = mean(&self.ours) - mean(&self.reference);
        println!(
            "{:<28} ours mean {:>8.1} N  reference mean {:>8.1} N  mean diff {:>8.1} N  r = {:>6.3}",
            self.name,
            mean(&self.ours),
            mean(&self.reference),
            d,
            r
        );
        (r, d)
    }
}

#[test]
fn gait2392_lumbar_hip_and_muscles_against_opensim() {
    let trial = common::gait2392_trial();
    let mb = &trial.multibody;
    let scene = subject_scene(mb, &Scene::default()).unwrap();
    let engine = Engine::new(&scene).unwrap();
    let out = run_recorded(&engine, &trial.frames()).unwrap();

    let so = Table::read(data("reference_subject01_StaticOptimization_force.sto")).unwrap();
    let jr = Table::read(data("reference_subject01_JointReaction_ReactionLoads.sto")).unwrap();
    let torso = mb.body("torso").unwrap();
    // Muscles pulling on the torso: the path point where each path enters the torso, and the
    // point before it.
    let torso_muscles: Vec<TorsoPull> = trial
        .model
        .muscles
        .iter()
        .filter_map(|m| {
            let k = m.path.iter().position(|p| p.body == "torso")?;
            assert!(k > 0, "{} starts on the torso", m.name);
            let (a, b) = (&m.path[k - 1], &m.path[k]);
            assert!(
                matches!(a.kind, PathPointKind::Fixed) && matches!(b.kind, PathPointKind::Fixed),
                "{}",
                m.name
            );
            Some((m.name.clone(), mb.body(&a.body).unwrap(), a.location.unwrap(), torso, b.location.unwrap()))
        })
        .collect();
    let names: Vec<&str> = torso_muscles.iter().map(|m| m.0.as_str()).collect();
    println!("muscles on the torso: {names:?}");
    assert_eq!(torso_muscles.len(), 6, "ercspn, intobl, extobl, both sides");

    let group_ref = |t_row: usize, prefixes: &[&str]| -> f64 {
        so.columns
            .iter()
            .filter(|c| prefixes.iter().any(|p| c.starts_with(p)))
            .map(|c| so.column(c).unwrap()[t_row])
            .sum()
    };
    // Our muscles by group, or by name for the obliques (our abdominal group also holds
    // rectus abdominis, which gait2392 lacks).
    let group_ours = |frame: &lumbus::core::Frame, g: MuscleGroup| -> f64 {
        let pick = |m: &lumbus::core::model::Muscle| match g {
            MuscleGroup::Abdominals => m.name.contains("oblique"),
            _ => m.group == g,
        };
        engine.model.muscles.iter().zip(&frame.muscle_force_n).filter(|(m, _)| pick(m)).map(|(_, f)| f).sum()
    };
    let mut cmp = [
        Comparison { name: "L5-S1 compression", ours: vec![], reference: vec![] },
        Comparison { name: "right hip contact |F|", ours: vec![], reference: vec![] },
        Comparison { name: "erector spinae (both)", ours: vec![], reference: vec![] },
        Comparison { name: "obliques (both)", ours: vec![], reference: vec![] },
        Comparison { name: "psoas (both)", ours: vec![], reference: vec![] },
        Comparison { name: "gluteus medius (both)", ours: vec![], reference: vec![] },
        Comparison { name: "gluteus maximus (both)", ours: vec![], reference: vec![] },
    ];
    let hip_cols: Vec<&[f64]> = ["x", "y", "z"]
        .iter()
        .map(|a| jr.column(&format!("hip_r_on_femur_r_in_femur_r_f{a}")).unwrap())
        .collect();
    for (row, &t) in so.time.iter().enumerate() {
        let Some(k) = trial.times.iter().position(|&s| (s - t).abs() < 1e-6) else { continue };
        let frame = &out.run.frames[k];
        // Reconstructed OpenSim back-joint compression.
        let q = trial.splines.at(t);
        let poses = mb.poses(&q);
        let point = |b: usize, p: [f64; 3]| {
            (poses[b].origin + poses[b].rotation * lumbus::core::jet::cvec(Vector3::from(p))).map(|x| x.re)
        };
        let (force, _) = required_wrenches(mb, &q, &[])[torso];
        let mut reaction = force;
        for (name, ba, pa, bb, pb) in &torso_muscles {
            let tension = so.column(name).unwrap()[row];
            let dir = (point(*ba, *pa) - point(*bb, *pb)).normalize();
            reaction -= dir * tension;
        }
        let axis = poses[torso].rotation.column(1).map(|x| x.re);
        cmp[0].ours.push(frame.levels[4].compression_n);
        cmp[0].reference.push(reaction.dot(&axis));
        cmp[1].ours.push(Vector3::from(frame.hip_contact_n[0]).norm());
        cmp[1].reference.push(Vector3::new(hip_cols[0][row], hip_cols[1][row], hip_cols[2][row]).norm());
        let groups = [
            (MuscleGroup::ErectorSpinae, &["ercspn"][..]),
            (MuscleGroup::Abdominals, &["intobl", "extobl"][..]),
            (MuscleGroup::Psoas, &["psoas"][..]),
            (MuscleGroup::GluteusMedius, &["glut_med"][..]),
            (MuscleGroup::GluteusMaximus, &["glut_max"][..]),
        ];
        for (i, (g, prefixes)) in groups.iter().enumerate() {
            cmp[2 + i].ours.push(group_ours(frame, *g));
            cmp[2 + i].reference.push(group_ref(row, prefixes));
        }
    }
    assert!(cmp[0].ours.len() > 100, "{} common frames", cmp[0].ours.len());
    println!("{} frames compared (every 10 ms, 0.5–2.0 s)", cmp[0].ours.len());
    let r: Vec<(f64, f64)> = cmp.iter().map(|c| c.print()).collect();
    let ratio = |i: usize| mean(&cmp[i].ours) / mean(&cmp[i].reference);

    // What is asserted, and why (bounds set below the values seen, 2026-11, as guards that a
    // regression would trip; the disagreements are reported, not hidden):
    // - Lumbar compression: same sign and order of magnitude (mean ratio within 0.5–2), and a
    //   clearly positive correlation (> 0.7; seen 0.82, mean ratio 0.66, with AnyBody's erector
    //   spinae, psoas and multifidus; 0.755 with Christophy's lumped erectors, 0.77 with
    //   AnyBody's psoas alone, 0.57 before). Both follow the same trunk motion,
    //   but the models differ: ours spreads the back joint over five levels about this
    //   model's standing lordosis (the recording's mean lumbar angles removed, see
    //   `recorded/pose.rs`), OpenSim's torso carries the recorded ≈20° flexion, which its
    //   erector spinae must hold (their mean force is 3× ours).
    assert!(cmp[0].ours.iter().all(|&c| c > 0.0) && cmp[0].reference.iter().all(|&c| c > 0.0));
    assert!((0.5..2.0).contains(&ratio(0)), "L5-S1 mean ratio {:.2}", ratio(0));
    assert!(r[0].0 > 0.7, "L5-S1 compression correlation {:.3}", r[0].0);
    // - Hip contact: the measured GRF drives both; correlation > 0.9 (seen 0.96), mean within
    //   0.5–2 (ours ≈ 17 % lower: different hip muscle sets and sharing).
    assert!(r[1].0 > 0.9, "hip contact correlation {:.3}", r[1].0);
    assert!((0.5..2.0).contains(&ratio(1)), "hip contact mean ratio {:.2}", ratio(1));
    //   Peaks within 20 % of each other (seen: ours 3.35 BW, OpenSim's 3.75 BW, ratio 0.89):
    //   on measured walking both static-optimisation pipelines land above Bergmann et al.
    //   2001's telemetric 2.4 BW (issue 2's 2.0–3.0 BW band, `tests/validation.rs`), so the
    //   generated gait's 3.47 BW there is the gait's excess over ~3.4, not only the muscles'.
    let peak = |v: &[f64]| v.iter().cloned().fold(0.0, f64::max) / engine.model.body_weight;
    let (ours, theirs) = (peak(&cmp[1].ours), peak(&cmp[1].reference));
    println!("right hip contact peak: ours {ours:.2} BW, OpenSim {theirs:.2} BW");
    assert!((0.8..1.2).contains(&(ours / theirs)), "hip contact peaks {ours:.2} vs {theirs:.2} BW");
    // - Gluteus medius (the stance-phase abductors, same OpenSim geometry in both): r > 0.9
    //   (seen 0.95); erector spinae r > 0.7 (seen 0.85 with AnyBody's erectors; 0.76 with
    //   Christophy's lumped ones, 0.82 with the earlier lumped multifidus).
    //   Psoas (r 0.67) and the obliques (r 0.36) disagree in timing and are reported only: OpenSim's psoas crosses no lumbar
    //   joint in gait2392 (pelvis to femur) where ours runs down the lumbar spine, and the two
    //   models' oblique lines of action differ.
    assert!(r[5].0 > 0.9, "gluteus medius correlation {:.3}", r[5].0);
    assert!(r[2].0 > 0.7, "erector spinae correlation {:.3}", r[2].0);
}

/// The generated gait at the recorded trial's stride and cadence puts on each foot the vertical
/// force the trial's force plates measured, and loads the hip and L4–L5 as the recorded trial
/// does through the same engine.
/// - The right foot's vertical force, lined up on the recorded right cycle (right heel strike
///   to the next, 20 N threshold) and compared every 1 % of it: within 0.05 BW RMS (a test
///   tolerance, not a published band). With the load passed between the feet at the force
///   plates' events (`[gait] load_transfer = "measured"`, the default) it is 0.030 BW; timed by
///   the kinematic events instead ("contact") the trailing foot carried the whole body through
///   the second maximum and it was 0.104 BW.
/// - The right hip contact peak: within 10 % of the recorded trial's (seen 3.41 against
///   3.35 BW, +2 %; contact-timed 3.74 BW, +12 %). Both exceed Bergmann et al. 2001's 2.0–3.0 BW
///   (`tests/validation.rs`): at this pace, what is left over the band is the muscle model's.
/// - L4–L5's compression peak within 10 % of the recorded trial's through the same engine (the
///   same test tolerance; seen 1.27 against 1.36 BW, −7 %; 1.44 against 1.49 with Christophy's
///   lumped erectors).
/// - L4–L5's AP shear peak within 0.02 BW of the recorded trial's through the same engine (a
///   test tolerance: a tenth of issue 2's 0.2 BW bound, the scale the shear is judged at; seen
///   0.051 against 0.060 BW). The shear is a small difference of large forces: with AnyBody's
///   erector spinae it fell to a third (0.164 against 0.175 BW with Christophy's lumped
///   erectors, 0.259 against 0.283 with the earlier lumped multifidus), and the 10 % relative
///   bound this check had then would now ask for 6 mBW, 4 N; the gap itself stayed the size it
///   was (0.009 BW now, 0.011 and 0.024 BW before). So where the AP shear departs from or meets
///   a published band (`tests/validation.rs`) it does so in both, the lumbar model's doing, not
///   the gait's.
#[test]
fn generated_gait_at_the_trials_pace_loads_foot_hip_and_l4_l5_as_recorded() {
    let trial = common::gait2392_trial();
    let mb = &trial.multibody;
    let right_fy = |loads: &[lumbus::core::recorded::BodyLoad]| -> f64 {
        loads.iter().filter(|l| mb.bodies[l.body].name.ends_with("_r")).map(|l| l.force.y).sum()
    };
    let fy: Vec<f64> = trial.loads.iter().map(|l| right_fy(l)).collect();
    let times = &trial.times;
    let strikes: Vec<usize> = (1..fy.len()).filter(|&i| fy[i - 1] <= 20.0 && fy[i] > 20.0).collect();
    assert!(strikes.len() >= 2, "the trial holds no full right cycle");
    let (t0, t1) = (times[strikes[0]], times[strikes[1]]);
    let period = t1 - t0;
    // A treadmill: the stride is the belt speed (the flat stance foot's backward speed over
    // 15–35 % of the cycle) times the period.
    let calcn = mb.body("calcn_r").expect("calcn_r");
    let x = |t: f64| mb.poses(&trial.splines.at(t))[calcn].origin.x.re;
    let (ta, tb) = (t0 + 0.15 * period, t0 + 0.35 * period);
    let stride = (x(ta) - x(tb)) / (tb - ta) * period;

    let mut scene = subject_scene(mb, &Scene::default()).unwrap();
    scene.gait.stride_m = stride;
    scene.gait.cadence_spm = 120.0 / period;
    scene.gait.frames_per_cycle = 100;
    let weight = scene.subject.mass_kg * 9.81;
    let cycle: Vec<f64> = (0..100).map(|p| t0 + p as f64 / 100.0 * period).collect();
    let recorded: Vec<f64> =
        LinearResampler::new(&data("subject01_walk1_grf.mot"), times, "the right cycle", &cycle)
            .expect("the cycle lies inside the trial")
            .apply(&fy)
            .into_iter()
            .map(|f| f / weight)
            .collect();
    let hip_peak = |frames: &[lumbus::core::Frame]| {
        frames.iter().map(|f| Vector3::from(f.hip_contact_n[0]).norm()).fold(0.0, f64::max) / weight
    };
    // L4–L5's compression and AP shear peaks, BW.
    let l4_l5 = |frames: &[lumbus::core::Frame]| {
        let peak = |load: &dyn Fn(&lumbus::core::LevelFrame) -> f64| {
            frames.iter().map(|f| load(&f.levels[3]).abs()).fold(0.0, f64::max) / weight
        };
        (peak(&|l| l.compression_n), peak(&|l| l.ap_shear_n))
    };
    let generated = |transfer: lumbus::core::LoadTransfer| {
        let mut s = scene.clone();
        s.gait.load_transfer = transfer;
        let e = Engine::new(&s).unwrap();
        let frames = e.run().unwrap().frames;
        // The generated cycle starts at its kinematic heel strike, `template_shift` into the
        // recorded one.
        let shift = e.plan.template_shift();
        let sq: f64 = (0..100)
            .map(|p| {
                let k = ((p as f64 / 100.0 - shift).rem_euclid(1.0) * 100.0).round() as usize % 100;
                (frames[k].grf_n[0][1] / weight - recorded[p]).powi(2)
            })
            .sum();
        ((sq / 100.0).sqrt(), hip_peak(&frames), l4_l5(&frames))
    };
    let (measured, hip, (compression, shear)) = generated(lumbus::core::LoadTransfer::Measured);
    let (contact, hip_contact_timed, _) = generated(lumbus::core::LoadTransfer::Contact);
    let engine = Engine::new(&scene).unwrap();
    let recorded_frames = run_recorded(&engine, &trial.frames()).unwrap().run.frames;
    let hip_recorded = hip_peak(&recorded_frames);
    let (compression_recorded, shear_recorded) = l4_l5(&recorded_frames);
    eprintln!(
        "right vertical force against the force plates, RMS over the cycle: measured transfer {measured:.3} BW, \
         contact-timed {contact:.3} BW (stride {stride:.3} m, period {period:.3} s); right hip contact peak \
         {hip:.2} BW, contact-timed {hip_contact_timed:.2} BW, the recorded trial {hip_recorded:.2} BW; \
         L4–L5 compression peak {compression:.2} BW (recorded {compression_recorded:.2}), AP shear peak \
         {shear:.3} BW (recorded {shear_recorded:.3})"
    );
    assert!(measured < 0.05, "{measured:.3} BW RMS");
    assert!(
        (hip / hip_recorded - 1.0).abs() < 0.1,
        "hip contact peak {hip:.2} vs recorded {hip_recorded:.2} BW"
    );
    assert!(
        (compression / compression_recorded - 1.0).abs() < 0.1,
        "L4–L5 compression peak {compression:.2} vs recorded {compression_recorded:.2} BW"
    );
    assert!(
        (shear - shear_recorded).abs() < 0.02,
        "L4–L5 AP shear peak {shear:.3} vs recorded {shear_recorded:.3} BW"
    );
}
