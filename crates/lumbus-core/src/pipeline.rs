//! The pipeline, stage by stage: scene → model → gait → dynamics → muscles → reactions → facets
//! → results. `Engine` holds the immutable model and plan; `Workspace` holds every buffer a
//! frame needs, so the per-frame loop allocates nothing but the output it keeps (each `Frame`'s
//! muscle forces).

use crate::dynamics::{self, CUT_ANKLE, CUT_HIP, CUT_KNEE, CUT_LEVEL, Cut, GroundReaction, N_CUTS, Wrench};
use crate::gait::{GaitPlan, Pose};
use crate::loads::{FacetSolver, level_load};
use crate::model::*;
use crate::muscles::{
    MuscleCrossings, MuscleJacobian, SoProblem, SoSolution, SoSolver, activation_floor, fill_problem,
    muscle_jacobian,
};
use crate::params::{LEVEL_NAMES, RangeError, Scene};
use crate::results::*;
use crate::warnings;
use nalgebra::{Matrix3, Vector3};
use std::collections::BTreeMap;

/// Why a run could not be done.
#[derive(Clone, Debug, PartialEq)]
pub enum RunError {
    /// The scene has values out of range (all of them are listed).
    Invalid(Vec<RangeError>),
    /// The mechanics failed at a frame (e.g. the gait cannot be reached by the legs).
    Failed { time_s: f64, reason: String },
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Invalid(errs) => {
                let list: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
                write!(f, "invalid scene: {}", list.join("; "))
            }
            RunError::Failed { time_s, reason } => write!(f, "failed at t = {time_s:.4} s: {reason}"),
        }
    }
}

impl std::error::Error for RunError {}

/// The immutable part of a run: model and gait plan, shareable across threads.
#[derive(Clone, Debug)]
pub struct Engine {
    pub model: Model,
    pub plan: GaitPlan,
    cuts: [Cut; N_CUTS],
    crossings: MuscleCrossings,
}

/// Per-run mutable buffers.
pub struct Workspace {
    wrenches: [Wrench; N_SEGMENTS],
    jac: MuscleJacobian,
    problem: SoProblem,
    solution: SoSolution,
    solver: SoSolver,
    facets: Vec<FacetSolver>,
    /// When set, `frame` keeps a copy of its static-optimisation problem in `captured` (for
    /// cross-checking the solver against a general one).
    pub capture_problem: bool,
    pub captured: Option<SoProblem>,
}

/// What a run returns.
#[derive(Clone, Debug)]
pub struct RunOutput {
    pub frames: Vec<Frame>,
    pub summary: Summary,
}

/// Runs a scene end to end.
pub fn run(scene: &Scene) -> Result<RunOutput, RunError> {
    let engine = Engine::new(scene)?;
    engine.run()
}

fn deg(r: f64) -> f64 {
    r.to_degrees()
}

/// Z–X–Y angles of a rotation matrix (inverse of `jet::rot_zxy`).
pub fn zxy_angles(r: &Matrix3<f64>) -> [f64; 3] {
    let b = r[(2, 1)].clamp(-1.0, 1.0).asin();
    let c = (-r[(2, 0)]).atan2(r[(2, 2)]);
    let a = (-r[(0, 1)]).atan2(r[(1, 1)]);
    [a, b, c]
}

impl Engine {
    pub fn new(scene: &Scene) -> Result<Engine, RunError> {
        scene.validate().map_err(RunError::Invalid)?;
        let model = Model::new(scene);
        let plan = GaitPlan::new(&model);
        let cuts = dynamics::cuts();
        let crossings = MuscleCrossings::new(&model.muscles, &cuts);
        Ok(Engine { model, plan, cuts, crossings })
    }

    pub fn workspace(&self) -> Workspace {
        Workspace {
            wrenches: [Wrench::default(); N_SEGMENTS],
            jac: MuscleJacobian::default(),
            problem: SoProblem {
                columns: Vec::with_capacity(self.model.muscles.len()),
                // Kept across frames: only columns, rows and b are rebuilt per frame.
                lower: activation_floor(&self.model),
                ..Default::default()
            },
            solution: SoSolution::default(),
            solver: SoSolver::default(),
            facets: self.model.levels.iter().map(FacetSolver::new).collect(),
            capture_problem: false,
            captured: None,
        }
    }

    /// Frame times: `frames_per_cycle` per cycle (one static frame per "cycle" when standing).
    pub fn times(&self) -> Vec<f64> {
        let g = &self.model.scene.gait;
        let n = (g.frames_per_cycle * g.cycles) as usize;
        let dt = self.plan.period / g.frames_per_cycle as f64;
        (0..n).map(|i| i as f64 * dt).collect()
    }

    pub fn pose(&self, t: f64) -> Pose {
        self.plan.pose(&self.model.segments, t)
    }

    /// What one unit of tension in each muscle does at each cut in this pose (the frames' own
    /// computation, for callers that take loads apart muscle by muscle).
    pub fn muscle_jacobian(&self, pose: &Pose) -> MuscleJacobian {
        let centre: [Vector3<f64>; N_CUTS] = std::array::from_fn(|j| self.cuts[j].centre(j, pose));
        let mut jac = MuscleJacobian::default();
        muscle_jacobian(&self.model.muscles, &self.crossings, &centre, pose, &mut jac);
        jac
    }

    pub fn run(&self) -> Result<RunOutput, RunError> {
        let mut ws = self.workspace();
        let times = self.times();
        let mut frames = Vec::with_capacity(times.len());
        // Two passes over the first cycle would remove the warm start's memory of nothing; the
        // solver converges to the same optimum from any start, so one pass is enough.
        for &t in &times {
            frames.push(self.frame(t, &mut ws)?);
        }
        let mut summary = self.summarise(&frames);
        summary.impact = self.impact_summary(&mut ws)?;
        Ok(RunOutput { frames, summary })
    }

    /// Each frame's static-optimisation problem and this engine's solution of it, over one run.
    pub fn muscle_problems(&self) -> Result<Vec<(SoProblem, Frame)>, RunError> {
        let mut ws = self.workspace();
        ws.capture_problem = true;
        self.times()
            .iter()
            .map(|&t| {
                let frame = self.frame(t, &mut ws)?;
                Ok((ws.captured.take().expect("captured"), frame))
            })
            .collect()
    }

    /// All stages for one instant of the generated gait.
    pub fn frame(&self, t: f64, ws: &mut Workspace) -> Result<Frame, RunError> {
        self.frame_at(&self.pose(t), None, ws)
    }

    /// All stages for a given pose, which need not come from the plan: one built from recorded
    /// coordinates, or the forward path's simulated motion. `ground`, a ground reaction from
    /// force plates or from the forward path, replaces the one predicted from whole-body
    /// momentum; the lumbar loads are computed top-down from the trunk either way, and
    /// `Frame::consistency` then measures how far the given reaction is from the kinematics
    /// (the pelvis residual).
    pub fn frame_at(
        &self,
        pose: &Pose,
        ground: Option<&GroundReaction>,
        ws: &mut Workspace,
    ) -> Result<Frame, RunError> {
        self.frame_with_loads(pose, ground, &[Wrench::default(); N_SEGMENTS], ws)
    }

    /// `frame_at` with external loads on the segments besides the ground (a push on the trunk in
    /// the forward path's live mode): `external[s]` acts on segment `s`, moment about the world
    /// origin. Each cut counts the loads on its child side like the ground's, so a push on the
    /// thorax appears in every lumbar level's top-down wrench; the predicted ground reaction (when
    /// `ground` is `None`) carries what is left of the whole-body momentum change.
    pub fn frame_with_loads(
        &self,
        pose: &Pose,
        ground: Option<&GroundReaction>,
        external: &[Wrench; N_SEGMENTS],
        ws: &mut Workspace,
    ) -> Result<Frame, RunError> {
        let t = pose.time;
        let fail = |reason: String| RunError::Failed { time_s: t, reason };
        let m = &self.model;
        if !pose.origin.iter().chain(pose.com_acc.iter()).all(|v| v.iter().all(|x| x.is_finite())) {
            return Err(fail("the legs cannot reach this gait (stride too long for the leg length?)".into()));
        }

        // Dynamics: segment wrenches, ground reaction, net wrench at every cut.
        dynamics::segment_wrenches(&m.segments, pose, &mut ws.wrenches);
        // The smooth gait's total, before the impact's momentum is added (it has its own ground
        // force at the landing point: `dynamics/impact.rs`).
        let total = ws.wrenches.iter().fold(Wrench::default(), |a, w| a + *w);
        dynamics::add_impact_wrenches(&m.segments, pose, &mut ws.wrenches);
        let mass: f64 = m.segments.iter().map(|s| s.mass).sum();
        let com =
            m.segments.iter().zip(&pose.com).fold(Vector3::zeros(), |a, (seg, c)| a + c * seg.mass) / mass;
        let grf = match ground {
            Some(g) => *g,
            None => {
                // The smooth gait's reaction from the body's momentum less any external load
                // (a push in the forward path's live mode), without the impact; then the impact's
                // own ground force at the landing point (`dynamics/impact.rs`).
                let applied = external.iter().fold(Wrench::default(), |a, w| a + *w);
                let mut g =
                    dynamics::ground_reaction(&(total - applied), &pose.contacts, com.y).map_err(fail)?;
                dynamics::add_impact_ground(pose, &mut g).map_err(fail)?;
                g
            }
        };
        let origin = Vector3::zeros();
        let centre: [Vector3<f64>; N_CUTS] = std::array::from_fn(|j| self.cuts[j].centre(j, pose));
        let mut net = [Wrench::default(); N_CUTS];
        let mut consistency = [0.0f64; 2];
        for (j, cut) in self.cuts.iter().enumerate() {
            let mut child = Wrench::default();
            let mut rest = Wrench::default();
            for s in 0..N_SEGMENTS {
                if cut.child[s] { child = child + ws.wrenches[s] } else { rest = rest + ws.wrenches[s] }
            }
            // External loads on the child side: the ground, for the legs, and any applied load.
            let mut ext = Wrench::default();
            let mut ext_rest = Wrench::default();
            for s in 0..N_SEGMENTS {
                if cut.child[s] { ext = ext + external[s] } else { ext_rest = ext_rest + external[s] }
            }
            for side in 0..2 {
                let fw = grf.feet[side].wrench();
                if cut.child[FOOT[side]] { ext = ext + fw } else { ext_rest = ext_rest + fw }
            }
            net[j] = (child - ext).shifted(&origin, &centre[j]);
            if j < 5 {
                // Bottom-up: what the lower body, driven by the ground, passes up.
                let bottom_up = (ext_rest - rest).shifted(&origin, &centre[j]);
                consistency[0] = consistency[0].max((bottom_up.force - net[j].force).amax());
                consistency[1] = consistency[1].max((bottom_up.moment - net[j].moment).amax());
            }
        }

        // Muscles: moment per unit activation, required moments (net less passive), solve.
        muscle_jacobian(&m.muscles, &self.crossings, &centre, pose, &mut ws.jac);
        let mut passive = [Vector3::zeros(); 5];
        for k in 0..5 {
            let l = &m.levels[k];
            let dev = pose.level_deviation[k];
            let k_rot = Vector3::new(l.rot_stiffness[0], l.rot_stiffness[1], l.rot_stiffness[2]);
            // Restoring moment of the passive structures on the body above, world frame.
            passive[k] = pose.disc_rot[k] * (-dev.component_mul(&k_rot));
        }
        let need: [Vector3<f64>; N_CUTS] =
            std::array::from_fn(|j| if j < 5 { net[j].moment - passive[j] } else { net[j].moment });
        fill_problem(&mut ws.problem, &m.muscles, &self.cuts, &self.crossings, &ws.jac, pose, &need);
        if ws.capture_problem {
            ws.captured = Some(ws.problem.clone());
        }
        ws.solver.solve(&ws.problem, &mut ws.solution).map_err(fail)?;

        // Joint reactions and the disc/facet split.
        let forces: Vec<f64> =
            ws.solution.activation.iter().zip(&m.muscles).map(|(a, mu)| a * mu.max_force).collect();
        let muscle_force_on = |j: usize| -> Vector3<f64> {
            forces.iter().enumerate().fold(Vector3::zeros(), |acc, (i, f)| acc + ws.jac.force[i][j] * *f)
        };
        let mut frame = Frame { time_s: t, cycle_pct: 100.0 * pose.phase, ..Default::default() };
        for k in 0..5 {
            let j = CUT_LEVEL[k];
            let reaction = net[j].force - muscle_force_on(j);
            let load = level_load(&reaction, &pose.disc_rot[k]);
            let f_disc = Vector3::new(load.ap_shear, -load.compression, load.ml_shear);
            let fr = ws.facets[k].solve(&f_disc, &pose.level_deviation[k], load.compression);
            let a = pose.level_angles[k];
            frame.levels[k] = LevelFrame {
                compression_n: load.compression,
                ap_shear_n: load.ap_shear,
                ml_shear_n: load.ml_shear,
                facet_right_n: fr.force[RIGHT].norm(),
                facet_left_n: fr.force[LEFT].norm(),
                facet_share: fr.share,
                facet_gap_right_mm: fr.gap[RIGHT] * 1e3,
                facet_gap_left_mm: fr.gap[LEFT] * 1e3,
                net_force_n: net[j].force.into(),
                net_moment_nm: net[j].moment.into(),
                angles_deg: [deg(a[0]), deg(a[1]), deg(a[2])],
            };
        }
        for side in 0..2 {
            let j = CUT_HIP[side];
            // The pelvis pushes on the femoral head: net force less the muscles' pull.
            let contact = net[j].force - muscle_force_on(j);
            frame.hip_contact_n[side] = contact.into();
            frame.hip_moment_nm[side] = net[j].moment.into();
            frame.grf_n[side] = grf.feet[side].force.into();
            frame.cop_m[side] = grf.feet[side].cop.into();
            let rel = pose.rot[PELVIS].transpose() * pose.rot[FEMUR[side]];
            let mut h = zxy_angles(&rel);
            if side == LEFT {
                h[1] = -h[1];
                h[2] = -h[2];
            }
            frame.hip_angles_deg[side] = [deg(h[0]), deg(h[1]), deg(h[2])];
            frame.knee_flexion_deg[side] = deg(pose.knee_flexion[side]);
            frame.hip_reserve_nm[side] =
                ws.solution.reserve.fixed_rows::<3>(self.cuts[j].row).into_owned().into();
            for (cut, moment, reserve) in [
                (CUT_KNEE[side], &mut frame.knee_moment_nm[side], &mut frame.knee_reserve_nm[side]),
                (CUT_ANKLE[side], &mut frame.ankle_moment_nm[side], &mut frame.ankle_reserve_nm[side]),
            ] {
                *moment = ws.problem.b[self.cuts[cut].row];
                *reserve = ws.solution.reserve[self.cuts[cut].row];
            }
        }
        let p = zxy_angles(&pose.rot[PELVIS]);
        frame.pelvis_angles_deg = [deg(p[0]), deg(p[1]), deg(p[2])];
        frame.com_m = com.into();
        let (row, r) = ws
            .solution
            .reserve
            .iter()
            .enumerate()
            .fold((0, 0.0f64), |b, (i, r)| if r.abs() > b.1 { (i, r.abs()) } else { b });
        frame.reserve_max_nm = r;
        frame.reserve_row = row;
        frame.muscle_force_n = forces;
        frame.consistency = consistency;
        Ok(frame)
    }

    /// The impact transient at the right foot's landing, sampled every 0.25 ms over its first
    /// 80 ms (a frame every ~11 ms would miss its peak): each instant with and without the
    /// impact, so the lumbar levels' share of it is the difference at the same instant.
    pub fn impact_summary(&self, ws: &mut Workspace) -> Result<Option<ImpactSummary>, RunError> {
        let Some(model) = &self.plan.impact else { return Ok(None) };
        let bw = self.model.body_weight;
        let landing = self.plan.right_landing_time();
        let mut out = ImpactSummary::default();
        let mut rise = [f64::NEG_INFINITY; 5];
        for i in 0..=320 {
            let tau = i as f64 * 2.5e-4;
            let pose = self.pose(landing + tau);
            let Some(imp) = pose.impacts[RIGHT] else { continue };
            let with = self.frame_at(&pose, None, ws)?;
            let mut smooth = pose.clone();
            smooth.impacts = [None; 2];
            let without = self.frame_at(&smooth, None, ws)?;
            if imp.ground_n / bw > out.force_peak_bw {
                out.force_peak_bw = imp.ground_n / bw;
                out.peak_time_ms = tau * 1e3;
                out.grf_impact_peak_bw = with.grf_n[RIGHT][1] / bw;
            }
            for k in 0..5 {
                rise[k] = rise[k].max((with.levels[k].compression_n - without.levels[k].compression_n) / bw);
            }
        }
        out.loading_rate_bw_per_s =
            if out.peak_time_ms > 0.0 { out.force_peak_bw / (out.peak_time_ms * 1e-3) } else { 0.0 };
        out.deceleration_peak_g = model.peak_deceleration() / GRAVITY;
        out.effective_mass_kg = model.m1;
        out.compression_rise_bw = LEVEL_NAMES.iter().zip(rise).map(|(n, r)| (n.to_string(), r)).collect();
        Ok(Some(out))
    }

    /// The run's summary from its frames: peaks, means and impulses (walking-cycle quantities
    /// use the gait plan).
    pub fn summarise(&self, frames: &[Frame]) -> Summary {
        let m = &self.model;
        let bw = m.body_weight;
        let scene = &m.scene;
        let (subject, mut gait) = Summary::header(scene, bw);
        gait.frames = frames.len();
        let leg = m.lengths.leg();
        gait.froude = warnings::froude(scene, leg);
        gait.step_width_m = m.step_width;
        let mut levels = BTreeMap::new();
        let n = frames.len() as f64;
        let cycles = scene.gait.cycles.max(1) as usize;
        for (k, name) in LEVEL_NAMES.iter().enumerate() {
            let col = |f: &dyn Fn(&LevelFrame) -> f64| {
                frames.iter().map(|fr| f(&fr.levels[k])).collect::<Vec<f64>>()
            };
            let comp = col(&|l| l.compression_n);
            let peak = comp.iter().cloned().fold(f64::MIN, f64::max);
            let min = comp.iter().cloned().fold(f64::MAX, f64::min);
            let threshold = GAPPING_THRESHOLD_MM;
            // Count closings-to-openings past the threshold around the periodic cycle.
            let events = |g: Vec<f64>| -> usize {
                let len = g.len();
                (0..len).filter(|&i| g[i] > threshold && g[(i + len - 1) % len] <= threshold).count() / cycles
            };
            levels.insert(
                name.to_string(),
                LevelSummary {
                    compression_peak_n: peak,
                    compression_peak_bw: peak / bw,
                    compression_mean_bw: comp.iter().sum::<f64>() / n / bw,
                    compression_min_bw: min / bw,
                    ap_shear_peak_bw: col(&|l| l.ap_shear_n.abs()).into_iter().fold(0.0, f64::max) / bw,
                    ml_shear_peak_bw: col(&|l| l.ml_shear_n.abs()).into_iter().fold(0.0, f64::max) / bw,
                    facet_left_peak_n: col(&|l| l.facet_left_n).into_iter().fold(0.0, f64::max),
                    facet_right_peak_n: col(&|l| l.facet_right_n).into_iter().fold(0.0, f64::max),
                    facet_share_mean: col(&|l| l.facet_share).iter().sum::<f64>() / n,
                    gapping_events_left: if self.plan.walking {
                        events(col(&|l| l.facet_gap_left_mm))
                    } else {
                        0
                    },
                    gapping_events_right: if self.plan.walking {
                        events(col(&|l| l.facet_gap_right_mm))
                    } else {
                        0
                    },
                },
            );
        }
        let side_peak = |f: &dyn Fn(&Frame, usize) -> f64| Sides {
            right: frames.iter().map(|fr| f(fr, RIGHT)).fold(0.0, f64::max),
            left: frames.iter().map(|fr| f(fr, LEFT)).fold(0.0, f64::max),
        };
        let hip = side_peak(&|f, s| Vector3::from(f.hip_contact_n[s]).norm() / bw);
        let grf = side_peak(&|f, s| f.grf_n[s][1] / bw);
        // Frontal-plane hip moment on the leg (about the world X axis, forward): abduction turns
        // the right leg about −X and the left about +X.
        let abd = side_peak(&|f, s| -f.hip_moment_nm[s][0] * SIDE_SIGN[s]);
        let impulse = if self.plan.walking {
            let dt = self.plan.period / scene.gait.frames_per_cycle as f64;
            let metres = self.plan.stride * cycles as f64;
            Some(
                LEVEL_NAMES
                    .iter()
                    .enumerate()
                    .map(|(k, name)| {
                        let integral: f64 = frames.iter().map(|f| f.levels[k].compression_n * dt).sum();
                        (name.to_string(), integral / metres)
                    })
                    .collect(),
            )
        } else {
            None
        };
        let row_name = |row: usize| dynamics::row_name(&self.cuts, row);
        let worst = frames.iter().fold(None::<&Frame>, |b, f| match b {
            Some(b) if b.reserve_max_nm >= f.reserve_max_nm => Some(b),
            _ => Some(f),
        });
        let reserves = worst
            .map(|w| ReserveSummary {
                max_nm: w.reserve_max_nm,
                joint: row_name(w.reserve_row),
                at_cycle_pct: w.cycle_pct,
                mean_nm: frames.iter().map(|f| f.reserve_max_nm).sum::<f64>() / n,
            })
            .unwrap_or_default();
        let mut muscle_peak_activation = BTreeMap::new();
        for (i, mu) in m.muscles.iter().enumerate() {
            let peak = frames.iter().map(|f| f.muscle_force_n[i] / mu.max_force).fold(0.0, f64::max);
            let e = muscle_peak_activation.entry(mu.group.name().to_string()).or_insert(0.0f64);
            *e = e.max(peak);
        }
        let warned = warnings::warnings(scene, leg, &reserves);
        Summary {
            scene: scene.name.clone(),
            subject,
            gait,
            levels,
            hip_contact_peak_bw: hip,
            grf_vertical_peak_bw: grf,
            hip_abduction_moment_peak_nm: abd,
            compression_impulse_per_m: impulse,
            reserves,
            muscle_peak_activation,
            consistency_force_n: frames.iter().map(|f| f.consistency[0]).fold(0.0, f64::max),
            consistency_moment_nm: frames.iter().map(|f| f.consistency[1]).fold(0.0, f64::max),
            impact: None,
            warnings: warned,
        }
    }
}
