//! The run loop: step the world, drive it, read the contacts, and at every output frame turn the
//! simulated motion into a `Pose` that the engine's pipeline (`Engine::frame_at`) takes with the
//! contact ground reaction: joint loads by the engine's Newton–Euler on the simulated motion.

use crate::contact::{ContactEvent, EVENT_HOLD_S, EVENT_THRESHOLD_N, LoadWindow, foot_load};
use crate::controller::{Command, Controller, Gains, State};
use crate::convert::*;
use crate::filter;
use crate::targets::{Table, Track, com_height, relative};
use crate::world::{self, World};
use lumbus_core::dynamics::{FootLoad, GroundReaction, Wrench, ground_reaction, segment_wrenches};
use lumbus_core::gait::{Contact, Pose};
use lumbus_core::jet::{c, rot_z, rot_zxy};
use lumbus_core::model::{N_SEGMENTS, PARENT, PELVIS, Segment};
use lumbus_core::params::{LoadTransfer, Scene};
use lumbus_core::pipeline::zxy_angles;
use lumbus_core::{Engine, Frame, RunError, Summary};
use nalgebra::{Matrix3, Vector3};
use rapier3d_f64::prelude::RigidBodyHandle;

/// Names of the 12 joints, indexed by child segment − 1.
pub const JOINT_NAMES: [&str; N_SEGMENTS - 1] = [
    "L5_S1", "L4_L5", "L3_L4", "L2_L3", "L1_L2", "T12_L1", "hip_r", "knee_r", "ankle_r", "hip_l", "knee_l",
    "ankle_l",
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForwardOptions {
    /// Cycles simulated before the reported ones (the controller settles from the start).
    pub warmup_cycles: u32,
    /// Largest physics step, s (the step is the frame interval divided evenly: 0.99 ms, 11 steps
    /// per frame, on normal walking). Measured on normal walking over 10 cycles, steps per frame
    /// against the L4–L5 net moment's RMS difference from the inverse path (bound 10 % of its
    /// peak) and the GRF peaks (band 1.0–1.3 BW): 13 (0.84 ms) 7.1 %, 1.26/1.25 BW; 12 7.1 %,
    /// 1.26 BW; 11 (0.99 ms) 7.5 %, 1.27 BW; 10 8.0 %, 1.27 BW; 9 (1.21 ms) 14.1 %; 8: the model
    /// falls. 11 keeps a step between it and the cliff at 9; every shipped walking scene holds
    /// 0.22° per joint and 1.5 mm of pelvis over 10 cycles at it. Each step is rapier's cost,
    /// ~65 % of a run.
    pub max_dt: f64,
    pub gains: Gains,
    pub friction: f64,
    /// Low-pass cutoff for the frames' accelerations and residual, Hz (`None`: unfiltered).
    pub cutoff_hz: Option<f64>,
}

impl Default for ForwardOptions {
    fn default() -> Self {
        ForwardOptions {
            warmup_cycles: 1,
            max_dt: 1.0e-3,
            gains: Gains::default(),
            friction: world::FRICTION,
            // Assumption: 10 Hz, above the planned gait's content and within the 6–15 Hz used
            // for walking data (Winter 2009, Biomechanics and Motor Control of Human Movement).
            cutoff_hz: Some(10.0),
        }
    }
}

/// How closely the simulation followed the plan over the reported cycles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrackingError {
    /// RMS of each joint's rotation error (angle of plan⁻¹ · simulated relative rotation), deg.
    pub joint_rms_deg: [f64; N_SEGMENTS - 1],
    pub joint_max_deg: [f64; N_SEGMENTS - 1],
    /// Pelvis origin distance from the plan's, m.
    pub pelvis_rms_m: f64,
    pub pelvis_max_m: f64,
    /// Pelvis distance from the plan at the last frame, m (drift).
    pub pelvis_final_m: f64,
    /// RMS of the pelvis orientation error (angle of plan⁻¹ · simulated), deg.
    pub pelvis_rot_rms_deg: f64,
}

/// Everything a forward run gives.
#[derive(Clone, Debug)]
pub struct ForwardOutput {
    /// Engine frames of the reported cycles (times counted from the end of the warm-up).
    pub frames: Vec<Frame>,
    pub summary: Summary,
    pub tracking: TrackingError,
    pub events: Vec<ContactEvent>,
    /// Per reported frame: the pelvis residual force and torque, N and N·m.
    pub residual_force_n: Vec<[f64; 3]>,
    pub residual_torque_nm: Vec<[f64; 3]>,
    /// Per reported frame: the right foot's share of the vertical ground reaction from contact,
    /// and the smooth-transition assumption's share (NaN when no foot is loaded).
    pub share_contact: Vec<f64>,
    pub share_plan: Vec<f64>,
    /// Per reported frame and foot [right, left]: the contact solver's own force (impulses over
    /// the window), N. The frames' ground reaction is rescaled from it (see `ground_from_motion`).
    pub contact_grf_n: Vec<[[f64; 3]; 2]>,
    pub dt: f64,
    pub steps: usize,
}

/// The bodies' state. Centres of mass from the model (rapier fills its own only at a step).
pub(crate) fn read_state(w: &World, segments: &[Segment]) -> State {
    let get = |h: RigidBodyHandle| &w.physics.bodies[h];
    let rot: [Matrix3<f64>; N_SEGMENTS] = std::array::from_fn(|s| rot_to_na(*get(w.bodies[s]).rotation()));
    let origin: [Vector3<f64>; N_SEGMENTS] = std::array::from_fn(|s| to_na(get(w.bodies[s]).translation()));
    State {
        com: std::array::from_fn(|s| origin[s] + rot[s] * segments[s].com),
        rot,
        origin,
        com_vel: std::array::from_fn(|s| to_na(get(w.bodies[s]).linvel())),
        omega: std::array::from_fn(|s| to_na(get(w.bodies[s]).angvel())),
    }
}

/// The pelvis may stray this far from the plan before the model counts as fallen, m.
pub(crate) const FALL_M: f64 = 0.25;

/// What the batch and the live loops both run on: one cycle's targets (`spf` physics steps per
/// output frame, `per_cycle` per cycle, `dt` each) and the controller tuned to it.
pub(crate) struct Tracking {
    pub table: Table,
    pub ctl: Controller,
    pub spf: usize,
    pub per_cycle: usize,
    pub dt: f64,
}

impl Tracking {
    /// Walking scenes only: the step is the frame interval divided evenly, at most `max_dt`.
    pub fn new(engine: &Engine, max_dt: f64, gains: Gains) -> Result<Tracking, String> {
        if !engine.plan.walking {
            return Err("the forward path simulates walking scenes only".into());
        }
        if engine.model.scene.gait.load_transfer != LoadTransfer::Contact {
            return Err("the forward path needs [gait] load_transfer = \"contact\" (its feet carry load \
                        only while the gait's kinematics have them on the floor); build its engine from \
                        lumbus_forward::forward_scene"
                .into());
        }
        let fpc = engine.model.scene.gait.frames_per_cycle as usize;
        let spf = ((engine.plan.period / fpc as f64) / max_dt).ceil() as usize;
        let per_cycle = fpc * spf;
        let dt = engine.plan.period / per_cycle as f64;
        let table = Table::new(engine, per_cycle)?;
        let mut peak = [0.0f64; N_SEGMENTS];
        for tg in &table.grid {
            for s in 0..N_SEGMENTS {
                peak[s] = peak[s].max(tg.moment[s].norm());
            }
        }
        let ctl = Controller::new(&engine.model.segments, &table.grid[0], &peak, gains, dt);
        Ok(Tracking { table, ctl, spf, per_cycle, dt })
    }
}

/// One physics step: the controller's joint torques, the pelvis residual and any external force
/// (at each segment's centre of mass) applied, the world stepped. Returns the new state and each
/// foot's contact load over the step.
pub(crate) fn step_world(
    w: &mut World,
    segments: &[Segment],
    cmd: &Command,
    force: &[Vector3<f64>; N_SEGMENTS],
) -> (State, [FootLoad; 2]) {
    for s in 0..N_SEGMENTS {
        let b = &mut w.physics.bodies[w.bodies[s]];
        b.reset_forces(false);
        b.reset_torques(false);
        b.add_torque(to_glam(&cmd.torque[s]), false);
        // At the centre of mass (rapier's `add_force`).
        b.add_force(to_glam(&force[s]), false);
    }
    let pelvis = &mut w.physics.bodies[w.bodies[PELVIS]];
    pelvis.add_force(to_glam(&cmd.residual_force), false);
    pelvis.add_torque(to_glam(&cmd.residual_torque), false);
    w.physics.step();
    let next = read_state(w, segments);
    let grf = std::array::from_fn(|side| foot_load(&w.physics, w.feet[side], w.ground));
    (next, grf)
}

/// The pelvis's distance from the plan (`target` shifted by the cycles walked), m, or the fall.
pub(crate) fn pelvis_offset(x: &State, target: &Track, shift: f64) -> Result<f64, String> {
    let planned = target.pelvis_origin + Vector3::new(shift, 0.0, 0.0);
    let off = (x.origin[PELVIS] - planned).norm();
    if off > FALL_M || !off.is_finite() {
        return Err(format!("the model fell: pelvis {off:.3} m from the plan"));
    }
    Ok(off)
}

/// The simulated motion as the engine's `Pose` (the plan's pose at the frame's instant,
/// `planned`, with its motion replaced): positions and velocities at the frame's instant `x`, accelerations over the window `from` → `to` (replaced by the filtered ones when a cutoff
/// is set), and the
/// lumbar and leg quantities recomputed from the simulated bodies the way the plan defines them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn simulated_pose(
    engine: &Engine,
    w: &World,
    planned: Pose,
    x: &State,
    from: &State,
    to: &State,
    span: f64,
    time: f64,
) -> Pose {
    let m = &engine.model;
    let mut pose = planned;
    pose.time = time;
    pose.rot = x.rot;
    pose.origin = x.origin;
    pose.omega = x.omega;
    pose.com = x.com;
    pose.alpha = std::array::from_fn(|s| (to.omega[s] - from.omega[s]) / span);
    pose.com_acc = std::array::from_fn(|s| (to.com_vel[s] - from.com_vel[s]) / span);
    let anchor = |s: usize| x.origin[s] + x.rot[s] * w.anchor[s];
    for k in 0..5 {
        let s = 5 - k;
        let lower = if PARENT[s] == PELVIS {
            x.rot[PELVIS] * rot_z(c(-m.sacral_slope)).map(|v| v.re)
        } else {
            x.rot[PARENT[s]]
        };
        let [e, b, r] = zxy_angles(&(lower.transpose() * x.rot[s]));
        pose.disc_centre[k] = anchor(s);
        pose.disc_rot[k] = lower * rot_zxy(c(0.5 * e), c(0.5 * b), c(0.5 * r)).map(|v| v.re);
        pose.level_angles[k] = [e, b, r];
        pose.level_deviation[k] = Vector3::new(b, r, e - m.levels[k].lordosis);
    }
    for side in 0..2 {
        let femur = lumbus_core::model::FEMUR[side];
        let shank = lumbus_core::model::SHANK[side];
        pose.hip_centre[side] = anchor(femur);
        let cos = x.rot[femur].column(1).dot(&x.rot[shank].column(1));
        pose.knee_flexion[side] = cos.clamp(-1.0, 1.0).acos();
    }
    pose
}

/// The feet as the contact solver loaded them: in stance above the event threshold, the centre
/// of pressure, and each foot's share of the vertical force.
pub(crate) fn contacts_from(grf: &GroundReaction) -> [Contact; 2] {
    let total: f64 = grf.feet.iter().map(|f| f.force.y.max(0.0)).sum();
    std::array::from_fn(|side| {
        let f = grf.feet[side].force.y;
        Contact {
            in_stance: f > EVENT_THRESHOLD_N,
            point: grf.feet[side].cop,
            share: if total > 0.0 { f.max(0.0) / total } else { 0.0 },
        }
    })
}

/// The ground reaction of a frame. Rapier's contact impulses on the rolling convex sole do not
/// balance the bodies' momentum change (measured on a rocking hull under load: +5–8 % on average,
/// and up to ~850 N too much per step while walking; on a flat box they balance exactly), so the
/// total ground wrench is taken from the simulated motion's whole-body momentum less the pelvis
/// residual, and the contact solver decides how it is shared: which feet are loaded, each foot's
/// share of the vertical force and its centre of pressure (shifted together so moments balance).
/// The fore-aft split follows the inverse path's construction (`ground_reaction`: forces aimed at
/// a pivot at the centre of mass's height).
/// `applied`: the other external loads on the bodies (the pelvis residual, and in live mode any
/// push), which the ground does not carry.
pub(crate) fn ground_from_motion(
    engine: &Engine,
    pose: &Pose,
    applied: &Wrench,
    wrenches: &mut [Wrench; N_SEGMENTS],
) -> Result<GroundReaction, String> {
    segment_wrenches(&engine.model.segments, pose, wrenches);
    let total = wrenches.iter().fold(Wrench::default(), |a, w| a + *w);
    ground_reaction(&(total - *applied), &pose.contacts, com_height(&engine.model.segments, pose))
}

/// Channels logged per step: 6 velocities per body, then the residual force and moment.
const N_CHANNELS: usize = 6 * N_SEGMENTS + 6;

fn record(log: &mut [Vec<f64>], x: &State, residual: &Wrench) {
    for s in 0..N_SEGMENTS {
        for k in 0..3 {
            log[6 * s + k].push(x.com_vel[s][k]);
            log[6 * s + 3 + k].push(x.omega[s][k]);
        }
    }
    for k in 0..3 {
        log[6 * N_SEGMENTS + k].push(residual.force[k]);
        log[6 * N_SEGMENTS + 3 + k].push(residual.moment[k]);
    }
}

/// The scene as the forward path runs it: the load passes between the feet only while both
/// are on the floor in the gait's kinematics (`[gait] load_transfer = "contact"`). With the
/// measured transfer the landing foot is loaded from 3 % of the cycle before its kinematic heel
/// strike, within millimetres of the floor; rigid contacts cannot carry that, the simulated
/// heel strikes come at the kinematic ones, and the L4–L5 net moment then differed from the
/// inverse path's (measured transfer) by 15 % RMS of its peak.
pub fn forward_scene(scene: &Scene) -> Scene {
    let mut s = scene.clone();
    s.gait.load_transfer = LoadTransfer::Contact;
    s
}

/// Runs the forward path: `warmup_cycles` then the scene's cycles, reporting the latter. The
/// engine's scene must be a `forward_scene`.
pub fn simulate(engine: &Engine, opts: &ForwardOptions) -> Result<ForwardOutput, RunError> {
    let plan = &engine.plan;
    let fail = |t: f64, reason: String| RunError::Failed { time_s: t, reason };
    let Tracking { table, ctl, spf, per_cycle, dt } =
        Tracking::new(engine, opts.max_dt, opts.gains).map_err(|e| fail(0.0, e))?;
    let g = &engine.model.scene.gait;
    let fpc = g.frames_per_cycle as usize;
    let period = plan.period;
    let mut w = world::build(engine, &table.grid, dt, opts.friction);
    let mut target = Track::default();
    let no_force = [Vector3::zeros(); N_SEGMENTS];
    let mut cmd = Command::default();
    let mut ws = engine.workspace();
    let mut wrenches = [Wrench::default(); N_SEGMENTS];

    // At least one warm-up cycle: the first frame's averaging window starts before it.
    let warm = opts.warmup_cycles.max(1) as usize;
    let cycles = warm + g.cycles as usize;
    let mut out = ForwardOutput {
        frames: Vec::with_capacity(fpc * g.cycles as usize),
        summary: Summary::default(),
        tracking: TrackingError::default(),
        events: Vec::new(),
        residual_force_n: Vec::new(),
        residual_torque_nm: Vec::new(),
        share_contact: Vec::new(),
        share_plan: Vec::new(),
        contact_grf_n: Vec::new(),
        dt,
        steps: cycles * per_cycle,
    };
    let mut loaded = [false; 2];
    let mut crossed: [Option<(f64, usize)>; 2] = [None; 2];
    let (mut sq_joint, mut n_track) = ([0.0; N_SEGMENTS - 1], 0usize);
    let (mut sq_pelvis, mut max_pelvis, mut sq_pelvis_rot) = (0.0, 0.0f64, 0.0);
    let mut x = read_state(&w, &engine.model.segments);
    // Each output frame gathers a window of `spf` steps centred on its instant: the contact
    // impulses over it give each foot's share and centre of pressure (as a force plate sampled at
    // the frame rate averages), and, when no cutoff is set, its velocity change the accelerations.
    let half = spf / 2;
    let mut window = [LoadWindow::default(); 2];
    let mut residual = Wrench::default();
    // Each reported frame: its pose, its centre step, the window's mean residual.
    let mut pending: Vec<(Pose, usize, Wrench)> = Vec::with_capacity(fpc * g.cycles as usize);
    // Per step (state at the step's start): every body's linear and angular velocity and the
    // pelvis residual wrench about the origin, for low-pass filtering at the step rate (filtering
    // frame-rate samples would alias the contact's and controller's ringing into the gait band).
    let steps = cycles * per_cycle;
    let mut log: Vec<Vec<f64>> = (0..N_CHANNELS).map(|_| Vec::with_capacity(steps + 1)).collect();
    let mut start = x.clone();
    let mut centre = (x.clone(), 0usize, 0.0f64, Command::default());
    for step in 0..steps {
        let (cycle, i) = (step / per_cycle, step % per_cycle);
        table.at(i, &mut target);
        let shift = cycle as f64 * plan.advance_per_cycle();
        let t = step as f64 * dt;
        ctl.command(&x, &target, shift, &mut cmd);
        world::clear_swing_feet(&mut w, plan, i as f64 / per_cycle as f64);
        let (next, grf) = step_world(&mut w, &engine.model.segments, &cmd, &no_force);
        let off = pelvis_offset(&x, &target, shift).map_err(|e| fail(t, e))?;
        // A foot's state changes when the force stays across the threshold for EVENT_HOLD_S; the
        // event is dated at the first crossing (a landing heel's bounce is not a toe-off).
        for side in 0..2 {
            let on = grf[side].force.y > EVENT_THRESHOLD_N;
            if on == loaded[side] {
                crossed[side] = None;
                continue;
            }
            let (first, first_i) = *crossed[side].get_or_insert((t, i));
            if t - first >= EVENT_HOLD_S {
                if cycle >= warm && first >= (warm as f64) * period {
                    out.events.push(ContactEvent {
                        time_s: first - (warm as f64) * period,
                        cycle_pct: 100.0 * first_i as f64 / per_cycle as f64,
                        side,
                        strike: on,
                    });
                }
                loaded[side] = on;
                crossed[side] = None;
            }
        }

        let (frame_index, offset) = ((step + half) / spf, (step + half) % spf);
        if offset == 0 {
            start = x.clone();
            window = [LoadWindow::default(); 2];
            residual = Wrench::default();
        }
        let r_moment = x.com[PELVIS].cross(&cmd.residual_force) + cmd.residual_torque;
        record(&mut log, &x, &Wrench { force: cmd.residual_force, moment: r_moment });
        residual = residual + Wrench { force: cmd.residual_force * dt, moment: r_moment * dt };
        for side in 0..2 {
            window[side].add(&grf[side], dt);
        }
        if offset == half {
            centre = (x.clone(), i, off, cmd.clone());
        }
        if offset == spf - 1 && frame_index >= warm * fpc {
            let (xc, ic, offc, cmdc) = &centre;
            let time = (frame_index - warm * fpc) as f64 * spf as f64 * dt;
            let span = spf as f64 * dt;
            let contact = GroundReaction { feet: [window[0].mean(), window[1].mean()] };
            // The plan at the frame's instant (the centre step's), before the simulated motion
            // replaces it.
            let planned = engine.pose(time);
            out.share_plan.push(planned.contacts[0].share);
            for s in 1..N_SEGMENTS {
                let e = log_rot(&(relative(&planned.rot, s).transpose() * relative(&xc.rot, s)))
                    .norm()
                    .to_degrees();
                sq_joint[s - 1] += e * e;
                out.tracking.joint_max_deg[s - 1] = out.tracking.joint_max_deg[s - 1].max(e);
            }
            let e = log_rot(&(planned.rot[PELVIS].transpose() * xc.rot[PELVIS])).norm().to_degrees();
            sq_pelvis_rot += e * e;
            let mut pose = simulated_pose(engine, &w, planned, xc, &start, &next, span, time);
            pose.contacts = contacts_from(&contact);
            pose.phase = *ic as f64 / per_cycle as f64;
            let mean_residual = Wrench { force: residual.force / span, moment: residual.moment / span };
            pending.push((pose, frame_index * spf, mean_residual));
            out.contact_grf_n.push([contact.feet[0].force.into(), contact.feet[1].force.into()]);
            out.residual_force_n.push(cmdc.residual_force.into());
            out.residual_torque_nm.push(cmdc.residual_torque.into());
            let fy = [contact.feet[0].force.y, contact.feet[1].force.y];
            let total = fy[0].max(0.0) + fy[1].max(0.0);
            out.share_contact.push(if total > 0.0 { fy[0].max(0.0) / total } else { f64::NAN });
            n_track += 1;
            sq_pelvis += offc * offc;
            max_pelvis = max_pelvis.max(*offc);
            out.tracking.pelvis_final_m = *offc;
        }
        x = next;
    }

    // Second pass: low-pass the step-rate velocities and residual (zero lag), differentiate the
    // filtered velocities at each frame's centre, take the ground reaction from that motion and
    // run the engine's stages on every frame.
    record(&mut log, &x, &Wrench::default());
    if let Some(cutoff) = opts.cutoff_hz {
        for channel in log.iter_mut() {
            filter::filtfilt(channel, cutoff, 1.0 / dt);
        }
        for (pose, c, mean_residual) in pending.iter_mut() {
            let at = |k: usize, i: usize| log[k][i];
            let d = |k: usize| (at(k, *c + 1) - at(k, *c - 1)) / (2.0 * dt);
            for s in 0..N_SEGMENTS {
                pose.com_acc[s] = Vector3::new(d(6 * s), d(6 * s + 1), d(6 * s + 2));
                pose.alpha[s] = Vector3::new(d(6 * s + 3), d(6 * s + 4), d(6 * s + 5));
            }
            let r = 6 * N_SEGMENTS;
            *mean_residual = Wrench {
                force: Vector3::new(at(r, *c), at(r + 1, *c), at(r + 2, *c)),
                moment: Vector3::new(at(r + 3, *c), at(r + 4, *c), at(r + 5, *c)),
            };
        }
    }
    for (pose, _, mean_residual) in &pending {
        let ground =
            ground_from_motion(engine, pose, mean_residual, &mut wrenches).map_err(|e| fail(pose.time, e))?;
        out.frames.push(engine.frame_at(pose, Some(&ground), &mut ws)?);
    }

    let n = n_track.max(1) as f64;
    out.tracking.joint_rms_deg = sq_joint.map(|s| (s / n).sqrt());
    out.tracking.pelvis_rms_m = (sq_pelvis / n).sqrt();
    out.tracking.pelvis_rot_rms_deg = (sq_pelvis_rot / n).sqrt();
    out.tracking.pelvis_max_m = max_pelvis;
    out.summary = engine.summarise(&out.frames);
    Ok(out)
}
