//! A recorded trial through Lumbus's own pipeline: the recorded subject's mass and size scale
//! the 13-segment model, recorded coordinates pose it (`pose.rs`), the measured ground reaction
//! loads its feet, and every frame goes through `Engine::frame_at` (muscle sharing, joint
//! reactions per disc level, facet split). Inverse dynamics on the recorded model itself
//! (`inverse_dynamics.rs`) comes along for the joint-moment output.

use super::inverse_dynamics::{BodyLoad, CoordinateSplines, generalized_forces_posed};
use super::multibody::Multibody;
use super::pose::RecordedPoser;
use crate::dynamics::{FootLoad, GroundReaction};
use crate::jet::c;
use crate::model::{LEFT, RIGHT};
use crate::params::Scene;
use crate::pipeline::{Engine, RunError, RunOutput};

/// Thigh plus shank length as a fraction of standing height: 0.245 + 0.246
/// (Winter 2009, *Biomechanics and Motor Control of Human Movement*, 4th ed., Fig. 4.1).
pub const LEG_LENGTH_PER_HEIGHT: f64 = 0.245 + 0.246;

/// Vertical force above which a foot counts as in contact, N (assumption: above the ~20 N
/// unloaded-plate offsets seen in the shared C3D data).
pub const CONTACT_THRESHOLD_N: f64 = 20.0;

/// The recorded subject's mass (sum of the model's bodies) and a height estimated from its
/// hip–knee–ankle lengths at the default pose (`LEG_LENGTH_PER_HEIGHT`).
pub fn subject_size(mb: &Multibody) -> Result<(f64, f64), String> {
    let q: Vec<_> = mb.coordinates.iter().map(|c_| c(c_.default_value)).collect();
    let poses = mb.poses(&q);
    let origin = |n: &str| {
        mb.body(n).map(|b| poses[b].origin.map(|x| x.re)).ok_or_else(|| format!("model has no body `{n}`"))
    };
    let leg =
        (origin("femur_r")? - origin("tibia_r")?).norm() + (origin("tibia_r")? - origin("talus_r")?).norm();
    Ok((mb.total_mass(), leg / LEG_LENGTH_PER_HEIGHT))
}

/// `base` with the subject set to the recorded one (height clamped to the scene's valid range).
pub fn subject_scene(mb: &Multibody, base: &Scene) -> Result<Scene, String> {
    let (mass, height) = subject_size(mb)?;
    let mut scene = base.clone();
    scene.subject.mass_kg = mass;
    scene.subject.height_m = height.clamp(1.3, 2.2);
    Ok(scene)
}

/// The trial's frames: per frame, the loads on the recorded model's bodies and the feet.
pub struct RecordedFrames<'a> {
    pub multibody: &'a Multibody,
    pub splines: &'a CoordinateSplines,
    pub times: &'a [f64],
    /// Per frame, the external loads on the recorded model's bodies.
    pub loads: &'a [Vec<BodyLoad>],
}

/// What a recorded run gives.
#[derive(Clone, Debug)]
pub struct RecordedOutput {
    /// Lumbus's frames and summary (as for a generated gait).
    pub run: RunOutput,
    /// Generalised forces of the recorded model per frame (its coordinate order).
    pub generalized_forces: Vec<Vec<f64>>,
}

/// Ground reaction per foot from body loads (right: bodies ending `_r`).
fn feet(mb: &Multibody, loads: &[BodyLoad]) -> GroundReaction {
    let mut g = GroundReaction::default();
    for l in loads {
        let name = &mb.bodies[l.body].name;
        let side = if name.ends_with("_r") {
            RIGHT
        } else if name.ends_with("_l") {
            LEFT
        } else {
            continue;
        };
        let f = &mut g.feet[side];
        // Several loads on one foot: forces add; the centre of pressure is the force-weighted
        // point (exact for parallel forces, which plates under one foot give).
        let fy_before = f.force.y;
        f.force += l.force;
        f.cop = if f.force.y.abs() > 1e-9 {
            (f.cop * fy_before + l.point * l.force.y) / f.force.y
        } else {
            l.point
        };
        f.free_moment += l.torque.y;
    }
    g
}

/// Runs every frame of a recorded trial through the engine.
pub fn run_recorded(engine: &Engine, trial: &RecordedFrames) -> Result<RecordedOutput, RunError> {
    let mb = trial.multibody;
    let fail =
        |reason: String| RunError::Failed { time_s: trial.times.first().copied().unwrap_or(0.0), reason };
    let names = ["pelvis_tilt", "lumbar_extension", "lumbar_bending", "lumbar_rotation"];
    let n = trial.times.len() as f64;
    let mut means = [0.0; 4];
    for &t in trial.times {
        let q = trial.splines.at(t);
        for (m, name) in means.iter_mut().zip(names) {
            *m += mb.coordinate(name).map_or(0.0, |i| q[i].re) / n;
        }
    }
    let poser = RecordedPoser::new(mb, means).map_err(fail)?;
    let mut ws = engine.workspace();
    let (t0, t1) = (trial.times[0], *trial.times.last().unwrap_or(&trial.times[0]));
    let mut frames = Vec::with_capacity(trial.times.len());
    let mut tau = Vec::with_capacity(trial.times.len());
    for (&t, loads) in trial.times.iter().zip(trial.loads) {
        let q = trial.splines.at(t);
        let phase = if t1 > t0 { (t - t0) / (t1 - t0) } else { 0.0 };
        let bodies = mb.poses(&q);
        let mut pose = poser.pose(&engine.model, &bodies, &q, t, phase);
        let grf = feet(mb, loads);
        let total_fy: f64 = grf.feet.iter().map(|f: &FootLoad| f.force.y.max(0.0)).sum();
        for side in [RIGHT, LEFT] {
            let f = &grf.feet[side];
            pose.contacts[side].in_stance = f.force.y > CONTACT_THRESHOLD_N;
            pose.contacts[side].point = f.cop;
            pose.contacts[side].share = if total_fy > 0.0 { f.force.y.max(0.0) / total_fy } else { 0.5 };
        }
        frames.push(engine.frame_at(&pose, Some(&grf), &mut ws)?);
        tau.push(generalized_forces_posed(mb, &bodies, &q, loads));
    }
    let mut summary = engine.summarise(&frames);
    summary.gait.activity = "recorded".into();
    summary.gait.frames = frames.len();
    summary.gait.cycles = 1;
    summary.gait.cycle_s = t1 - t0;
    // Not determined from a recorded trial (no gait events are used): reported as 0.
    summary.gait.stride_m = 0.0;
    summary.gait.cadence_spm = 0.0;
    summary.gait.step_width_m = 0.0;
    summary.gait.speed_mps = match (mb.coordinate("pelvis_tx"), t1 > t0) {
        (Some(i), true) => (trial.splines.at(t1)[i].re - trial.splines.at(t0)[i].re) / (t1 - t0),
        _ => 0.0,
    };
    summary.compression_impulse_per_m = None;
    Ok(RecordedOutput { run: RunOutput { frames, summary }, generalized_forces: tau })
}
