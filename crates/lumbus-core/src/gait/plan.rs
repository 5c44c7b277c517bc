//! The gait plan: how the template is scaled for one scene, and the pose at any instant.
//!
//! Construction, in world coordinates (ISB: X forward, Y up, Z right):
//! - the pelvis moves forward at the requested speed with the measured fore-aft, vertical and
//!   lateral oscillations and rotations, scaled to the stride and speed;
//! - each foot rolls on a rocker sole in stance and swings along a C² arc (`FootPath`), landing
//!   exactly one step length ahead of the other foot; over the stance's first and last 2 % the
//!   heel settles and the toe leaves by millimetres, so that the leg meets the swing moving as
//!   the measured leg does (`fit_stance_ends`);
//! - each leg reaches from its hip to its ankle by exact two-link inverse kinematics, the knee in
//!   the plane of walking;
//! - the lumbar spine carries the measured trunk–pelvis motion spread over the five levels by
//!   the lumbar rhythm (Christophy et al. 2012), on top of the standing lordosis and posture.
//!
//! Everything is evaluated with dual numbers in time, so velocities and accelerations are exact.

use super::foot::{FootPath, FootState, Sole, hermite5};
use super::fourier::{Harmonics, Series};
use super::impact::{ImpactLoad, ImpactModel};
use super::pose::{Contact, LumbarChain, Pose, SpineGeometry};
use super::template_data as tpl;
use crate::dynamics::{Wrench, segment_wrenches};
use crate::jet::*;
use crate::model::*;
use crate::params::{Activity, Direction, FootStrike, LoadTransfer};
use nalgebra::{Matrix2, Vector2, Vector3};

/// Scaled template for one scene.
#[derive(Clone, Debug)]
pub struct GaitPlan {
    pub walking: bool,
    pub period: f64,
    pub speed: f64,
    pub stride: f64,
    pub toe_off: f64,
    /// Template phase of this gait's heel strike (its phase 0).
    template_shift: f64,
    load_transfer: LoadTransfer,
    pelvis_height: f64,
    feet: [FootPath; 2],
    /// Extra knee flexion at mid-swing, rad: brings the swing knee's peak to the measured one.
    swing_lift: f64,
    /// Stance leg angles (knee, inclination; value and two phase derivatives) where swing
    /// starts and ends, per side: the swing's boundary conditions.
    swing_ends: [[[[f64; 3]; 2]; 2]; 2],
    /// Extra knee flexion late in swing, rad: keeps the knee from locking before heel strike.
    swing_late_lift: f64,
    // Gains on the template's oscillations (1 = as measured).
    k_fore_aft: f64,
    k_vertical: f64,
    /// Pelvis displacement added [fore-aft, vertical, lateral] so that the body's motion agrees
    /// with its ground contact (`fit_centre_of_mass_motion`), m, on this gait's phase.
    com_fit: [Series; 3],
    k_lateral: f64,
    k_tilt: f64,
    k_list: f64,
    k_rotation: f64,
    /// Constant lumbar extension added by posture, rad (L1–S1 total).
    posture_extension: f64,
    pelvic_tilt: f64,
    /// Amplitude of the lateral lean over the stance leg, rad (compensation + posture).
    lateral_lean: f64,
    /// Peak backward lean at loading response, rad.
    backward_lean: f64,
    levels: Vec<(f64, f64, f64)>,
    hip: [Vector3<f64>; 2],
    s1: Vector3<f64>,
    sacral_slope: f64,
    thoracolumbar_offset: f64,
    thigh: f64,
    shank: f64,
    /// Backward walking: the forward cycle played in reverse (`pose`).
    pub backward: bool,
    /// The impact transient at each landing, if the scene has one (`gait/impact.rs`).
    pub impact: Option<ImpactModel>,
    /// Where the foot lands, fore-aft from the heel's contact at heel strike, m (midfoot,
    /// forefoot); backward walking lands on the forefoot where forward walking's toe-off is.
    strike_offset: f64,
}

/// Lateral lean over the stance leg with weak hip abductors, per unit of lost strength, rad
/// (assumption: 6° at zero strength, so 40 % weakness raises the thorax frontal range by about
/// 5°, toward the 9–11° Reininga et al. 2012 measured in a Duchenne limp against ~5° normally).
const LEAN_PER_ABDUCTOR_WEAKNESS: f64 = 6.0 * std::f64::consts::PI / 180.0;
/// Backward trunk lean at loading response per unit of lost gluteus maximus strength, rad
/// (assumption: 8° at zero strength).
const BACK_LEAN_PER_GMAX_WEAKNESS: f64 = 8.0 * std::f64::consts::PI / 180.0;
/// Share of an anterior pelvic tilt taken up as extra lordosis: 10.8° per 11.4° of tilt,
/// Levine & Whittle 1996 (JOSPT 24:130).
const LORDOSIS_PER_PELVIC_TILT: f64 = 10.8 / 11.4;
/// Passes of `fit_centre_of_mass_motion` and its samples per cycle (enough for harmonic 12).
const COM_FIT_PASSES: usize = 2;
const COM_FIT_SAMPLES: usize = 48;
/// Least knee flexion anywhere in the gait, rad (assumption: 20°, well above the measured ~5° at
/// heel strike: a straighter knee makes the two-link inverse kinematics ill-conditioned and its
/// accelerations spike). The pelvis sits 1.2–1.6 cm lower than the recorded subject's for it
/// (`examples/gait_vs_recorded.rs`, which also lists what was tried instead). 15° alone
/// (2026-11-22, not kept): normal walking's hip contact 3.47 → 3.35 BW, but fast walking 4.49 →
/// 5.07 and long strides 3.84 → 4.39; 10°: normal 3.43, fast 6.68, long strides 6.95 BW; 5°: the
/// legs no longer reach. What blows up is not the knee's acceleration as such (at 10° the
/// stance knee's largest angular acceleration is 166 rad/s² on long strides, 180 on normal
/// walking, which stays at 3.4 BW) but one push-off frame (48 %) where hip extension (−0.87),
/// abduction (−0.93), rotation about the vertical (+0.47 N·m/kg) and knee flexion (−0.57)
/// coincide and the semimembranosus saturates (1940 N). At the recorded trial's pace (1.11 m/s)
/// 8° would bring the generated knee to 3.8° RMS of the recorded one (from 10.8°), the hip
/// flexion to 4.5° (6.9°), the knee moment to 0.18 N·m/kg (0.24), the vasti to 0.13 BW (0.21),
/// the hip contact peak unchanged (3.19 / 3.20 BW), the rectus femoris further off (0.34 BW
/// RMS, 0.25). A soft knee (the leg shortened by a constant in squared reach, so the knee never
/// straightens past a set angle and stays well-conditioned, the stance foot moving with the
/// leg by millimetres; 8° with a 10° floor) behaved as the floor alone, and so did a floor
/// following the measured knee at each stance phase (never straighter than the recorded
/// subject's there, nor than 3–8°: fast walking 7.45, long strides 6.75, short quick steps
/// 6.15 BW, again at push-off). The floor binds
/// at the stance's ends, so the whole stance crouches: fast walking's knee stays at 36–39°
/// through mid-stance (the recorded subject's straightens to 4° at 44 % of its cycle,
/// `examples/gait_vs_recorded.rs`), its quadriceps working
/// throughout; the centre of mass's vertical excursion, fixed by the measured acceleration
/// scaled with speed, is 2.9 / 3.1 / 3.0 cm at slow, normal and fast walking. Scaling that
/// excursion up (×1.3, ×1.6) straightened the fast knee little and raised every hip contact
/// peak (normal walking 3.68 / 3.88 BW).
const MIN_KNEE_FLEXION: f64 = 20.0 * std::f64::consts::PI / 180.0;
/// Span of the toe's leaving and the heel's settling at the ends of stance (`StanceEnds`),
/// fraction of the cycle (assumption: 2 %, 22 ms at 110 steps/min). At the recorded trial's pace
/// the joint moments agree with the recorded ones about equally well for spans of 1–2.5 % and
/// worse beyond (RMS difference of the hip flexion moment 0.216 / 0.213 / 0.213 / 0.215 /
/// 0.219 / 0.238 N·m/kg for 1 / 1.5 / 2 / 2.5 / 3 / 4 %; `examples/gait_vs_recorded.rs`);
/// over the five walking scenes 2 % gives the lowest hip contact peaks overall.
const STANCE_END_SPAN: f64 = 0.02;
/// Least height of the swing foot's sole above the floor over mid-swing (20–80 % of the swing),
/// m (assumption: 5 mm, about one standard deviation below the minimum toe clearance measured
/// at preferred speed on a flat floor, 11.1 ± 5.7 mm, Schulz 2011, J Biomech 44:1277). The swing
/// built from the measured knee alone dipped 4.7 mm into the floor on long strides.
const MIN_SWING_CLEARANCE: f64 = 0.005;

/// Where the foot's pitch has an inflection (its rolling is fastest) between two template
/// phases: bisection on the pitch's second derivative, which changes sign there.
fn pitch_inflection(from: f64, to: f64) -> f64 {
    let dd = |p: f64| tpl::FOOT_PITCH.at(J::from_re(p).derivative()).v2;
    let (mut a, mut b) = (from, to);
    let rising = dd(a) < 0.0;
    for _ in 0..40 {
        let m = 0.5 * (a + b);
        if (dd(m) < 0.0) == rising { a = m } else { b = m }
    }
    0.5 * (a + b)
}

/// The stance of this gait runs between the two instants at which the measured foot rolls
/// fastest: just after the force plate's heel strike (the heel rocker, 3 % into the recorded
/// cycle) and just before its toe-off (over the toe, 61 %). Between the plate's events and these
/// instants the foot carries almost nothing while it lands or lifts; making them the kinematic
/// events lets stance and swing meet where the foot moves smoothly, without accelerations to
/// undo (assumption). Returns (template phase of the kinematic heel strike, kinematic toe-off
/// as a fraction of the cycle from that heel strike).
fn kinematic_events() -> (f64, f64) {
    let hs = pitch_inflection(0.0, 0.06);
    let to = pitch_inflection(0.55, tpl::TOE_OFF_PHASE);
    (hs, to - hs)
}

/// The two swing-knee bumps at swing fraction s (zero value, slope and curvature at both ends):
/// 64·s³(1 − s)³, peaking at 1 at mid-swing, sets the peak flexion; s¹²(1 − s)³, scaled to 1 at
/// its peak s = 0.8, shapes the knee's approach to heel strike.
fn swing_bumps<D: DualNum + Copy>(s: D) -> (D, D) {
    let b = s * (D::one() - s);
    let b3 = b * b * b;
    let scale = |x: f64| D::from_f64(x).expect("a finite constant");
    (b3 * scale(64.0), s.powi(9) * b3 * scale(1.0 / (0.8f64.powi(12) * 0.2f64.powi(3))))
}

/// How high the pelvis may sit above where it is for a hip-to-ankle offset `d` so that the
/// ankle stays within `dmax` of the hip, m.
fn reach(dmax: f64, d: Vector3<f64>) -> f64 {
    d.y + (dmax * dmax - d.x * d.x - d.z * d.z).max(0.0).sqrt()
}

impl GaitPlan {
    pub fn new(model: &Model) -> Self {
        let scene = &model.scene;
        let g = &scene.gait;
        let walking = g.activity == Activity::Walk;
        let (period, speed, stride) = if walking {
            (g.cycle_time_s(), g.speed_mps(), g.stride_m)
        } else {
            (g.cycle_time_s(), 0.0, 0.0)
        };
        let rs = stride / tpl::STRIDE_M;
        let rv = speed / tpl::SPEED_MPS;
        let rc = tpl::PERIOD_S / period;
        let deg = std::f64::consts::PI / 180.0;
        let p = &scene.posture;
        let st = &scene.strength;
        let compensate = walking && g.compensate_weakness;
        let lateral_lean = if walking {
            p.lateral_lean_deg * deg
                + if compensate { LEAN_PER_ABDUCTOR_WEAKNESS * (1.0 - st.gluteus_medius) } else { 0.0 }
        } else {
            0.0
        };
        let backward_lean =
            if compensate { BACK_LEAN_PER_GMAX_WEAKNESS * (1.0 - st.gluteus_maximus) } else { 0.0 };

        // The sole: from the heel to the forefoot, a rounded shoe heel of 5 cm radius, a forefoot
        // corner of 1.5 cm, the contact crossing the flat middle over ±3° of pitch (assumptions).
        let (heel, meta) = (model.foot.heel, model.foot.metatarsal);
        let ts = model.lengths.trunk_scale;
        let sole = Sole::new(
            0.05 * ts,
            0.015 * ts,
            meta.x - heel.x,
            3.0 * deg,
            Vector3::new(0.5 * (heel.x + meta.x), heel.y, 0.0),
        );
        let half_width = 0.5 * model.step_width;
        let (template_shift, toe_off) = kinematic_events();
        let foot = |z: f64| {
            let mut f = FootPath::new(sole.clone(), stride, toe_off, z).with_template_shift(template_shift);
            if walking {
                f.ends.span = STANCE_END_SPAN;
            }
            f
        };

        let mut plan = GaitPlan {
            walking,
            period,
            speed,
            stride,
            toe_off,
            template_shift,
            load_transfer: g.load_transfer,
            pelvis_height: 0.0,
            swing_lift: 0.0,
            swing_ends: [[[[0.0; 3]; 2]; 2]; 2],
            swing_late_lift: 0.0,
            feet: [foot(half_width), foot(-half_width)],
            k_fore_aft: rs,
            // Only a first guess: `fit_centre_of_mass_motion` sets the vertical motion from the
            // measured centre-of-mass acceleration, scaled with speed; displacement = acceleration / ω².
            k_vertical: rv / (rc * rc),
            com_fit: std::array::from_fn(|_| Series::with_harmonics(tpl::COM_VERTICAL_ACC.cos.len())),
            // Lateral sway that keeps the centre of pressure over the feet: for a linear inverted
            // pendulum swaying as A·sin(ωt), the centre of pressure swings as A(1 + ω²h/g), so
            // A = (step width / 2) / (1 + ω²h/g) (assumption: the centre of mass at 55 % of
            // height; the measured sway's shape is kept, its size set by this balance). Only a
            // first guess: `fit_centre_of_mass_motion` then moves the pelvis sideways until the
            // centre of pressure stays on the stance sole's line.
            k_lateral: if walking {
                let w = std::f64::consts::TAU / period;
                let h = 0.55 * model.lengths.height;
                let amplitude = half_width / (1.0 + w * w * h / GRAVITY);
                amplitude / tpl::PELVIS_DZ.cos[0].hypot(tpl::PELVIS_DZ.sin[0])
            } else {
                0.0
            },
            // The sagittal pelvis and trunk oscillations grow in proportion to speed
            // (assumption; faster walking tilts the pelvis more, its size not retrieved). Kept as
            // measured instead (k_tilt 1; 2026-11-22, not kept): fast walking's hip contact 4.49
            // → 4.60 BW and L4–L5 compression 2.11 → 2.22 BW, the L3–L4 minimum still rising
            // with speed.
            k_tilt: rv,
            // Pelvic obliquity grows with speed: 6.9/8.2/9.7° slow/preferred/fast (Reininga 2012).
            k_list: 0.55 + 0.45 * rv,
            // Longer strides enlarge pelvis and trunk rotations (Huang et al. 2010).
            k_rotation: rs,
            posture_extension: (LORDOSIS_PER_PELVIC_TILT * p.anterior_pelvic_tilt_deg + p.lordosis_deg
                - p.trunk_flexion_deg)
                * deg,
            pelvic_tilt: p.anterior_pelvic_tilt_deg * deg,
            lateral_lean,
            backward_lean,
            levels: model.levels.iter().map(|l| (l.lordosis, l.disc_height, l.upper_body_height)).collect(),
            hip: model.hip_in_pelvis,
            s1: model.s1_in_pelvis,
            sacral_slope: model.sacral_slope,
            thoracolumbar_offset: model.thoracolumbar_offset,
            thigh: model.lengths.thigh,
            shank: model.lengths.shank,
            backward: false,
            impact: None,
            strike_offset: 0.0,
        };
        plan.place_feet_and_pelvis();
        if walking {
            // The pelvis path changes how the swing starts and ends: refit that after each pass
            // (a third pass moved the peak loads by < 0.01 BW; each pass costs 48 poses).
            for pass in 0..=COM_FIT_PASSES {
                if pass > 0 {
                    plan.fit_centre_of_mass_motion(&model.segments, rv);
                }
                plan.fit_stance_ends();
                for side in [RIGHT, LEFT] {
                    plan.swing_ends[side] = [plan.stance_leg(side, plan.toe_off), plan.stance_leg(side, 1.0)];
                }
                plan.fit_swing_lift();
                plan.clear_the_floor();
            }
        }
        // Set last: the fits above sample the forward cycle.
        plan.backward = walking && g.direction == Direction::Backward;
        let im = &scene.impact;
        if walking && im.enabled {
            let side_mass = model.segments[FOOT[RIGHT]].mass + model.segments[SHANK[RIGHT]].mass;
            let forefoot = plan.backward || g.foot_strike == FootStrike::Forefoot;
            // A forefoot landing meets the ground with the ankle free to dorsiflex, which takes
            // the shank out of the colliding mass (Lieberman et al. 2010, Nature, doi 10.1038/nature08723: more
            // ankle compliance at a forefoot strike decreases the effective mass); here the
            // effective mass is then the foot's own (assumption). A midfoot landing (heel and
            // ball together) keeps the heel strike's effective mass (assumption).
            let m1 = if forefoot {
                model.segments[FOOT[RIGHT]].mass
            } else {
                im.effective_mass_pct / 100.0 * model.mass
            };
            plan.impact = Some(ImpactModel::new(
                m1,
                model.total_mass() - side_mass,
                im.heel_pad_stiffness_kn_per_m * 1e3,
                im.midsole_kn_per_m().map(|k| k * 1e3),
                im.leg_stiffness_kn_per_m * 1e3,
                im.contact_velocity_mps,
            ));
            plan.strike_offset = match g.foot_strike {
                FootStrike::Heel => 0.0,
                FootStrike::Midfoot => 0.5 * sole.length,
                FootStrike::Forefoot => sole.length,
            };
        }
        plan
    }

    /// The impact at a foot whose own phase (forward cycle, cycles since its first heel strike)
    /// is `own`, if one is under way, from its landing (`landing_phase`); backward, time runs
    /// the other way.
    fn impact_at(&self, side: usize, own: f64) -> Option<ImpactLoad> {
        let model = self.impact.as_ref()?;
        let frac = own - own.floor();
        // Time since the landing began (the phase runs backward when walking backward).
        let start = self.landing_phase();
        let since = if self.backward { start - frac } else { frac - start }.rem_euclid(1.0) * self.period;
        let [ground_n, upper_n] = model.at(since)?;
        // Where: the contact at the landing's kinematic heel strike (backward: toe-off), in the
        // cycle the landing belongs to.
        let (n, kinematic) = if self.backward {
            (own.floor(), self.toe_off)
        } else {
            ((own - since / self.period).round(), 0.0)
        };
        let foot = &self.feet[side];
        let mut point = foot.stance_state(c(n + kinematic)).expect("a landing is in stance").contact;
        if !self.backward {
            point.x += self.strike_offset;
        }
        Some(ImpactLoad { point, ground_n, upper_n, m1: model.m1, since_contact_s: since })
    }

    /// A foot's own phase (of the forward cycle) at which its landing impact starts: where it
    /// first carries load. Walking forward, the kinematic heel strike, or with the measured load
    /// transfer the force plates' heel strike `template_shift` before it; backward (the cycle
    /// reversed), the kinematic toe-off or the plates' toe-off after it.
    fn landing_phase(&self) -> f64 {
        let measured = self.load_transfer == LoadTransfer::Measured;
        match (self.backward, measured) {
            (false, false) => 0.0,
            (false, true) => 1.0 - self.template_shift,
            (true, false) => self.toe_off,
            (true, true) => tpl::TOE_OFF_PHASE - self.template_shift,
        }
    }

    /// When the right foot's landing impact starts within the cycle, s.
    pub fn right_landing_time(&self) -> f64 {
        let p = self.landing_phase();
        // Backward, time t is the forward cycle's phase −t/period.
        if self.backward { (1.0 - p) * self.period } else { p.rem_euclid(1.0) * self.period }
    }

    /// Adds to the pelvis path the harmonics that make the whole model's motion agree with its
    /// ground contact: fore-aft and vertically the even ones (one period per step), sideways
    /// the odd ones (one period per stride, the sway from foot to foot).
    ///
    /// Vertically, the model's whole-body acceleration is made equal to the measured one
    /// (`COM_VERTICAL_ACC`, from the force plates) scaled by `k_com`. The template's pelvis
    /// height alone gave the model's centre of mass its peak upward acceleration ~4 % of a cycle
    /// early, in single support: one foot carried 1.24 BW at the recorded speed where the plates
    /// read 1.08–1.14. Scaling with speed (`k_com` = speed / template speed): the vertical
    /// ground reaction's peak rises linearly with speed, Keller et al. 1996 (Clin Biomech
    /// 11:253; 1.2 BW at 1.5 m/s).
    ///
    /// Fore-aft, the pelvis moves so that the centre of pressure that balances the body's
    /// angular momentum stays at the soles' rolling contact (share-weighted in double support),
    /// as gait generators for walking robots set the centre of mass from a prescribed centre of
    /// pressure (Kajita et al. 2003, ICRA, "Biped walking pattern generation by using preview
    /// control of zero-moment point"). With the template's fore-aft motion alone the centre of
    /// pressure swung ±0.15 m around the contact within single support — up to 0.3 m at the
    /// feet's hand-over — and fed ±100 N·m of spurious sagittal moment into the hips.
    ///
    /// Sideways, likewise: the pelvis sways so that the centre of pressure that balances the
    /// body's frontal-plane momentum stays on the loaded sole's line (share-weighted in double
    /// support). With the measured sway's shape scaled by a linear inverted pendulum alone, the
    /// right foot's centre of pressure wandered in single support to the body's midline, 5 cm
    /// medial of the foot, where the recorded trial's (OpenSim gait2392, the template's own
    /// subject) stays 10 cm lateral of the centre of mass all through stance; the longer lever
    /// about the hip nearly doubled the hip abduction moment (0.94 vs 0.53 N·m/kg at 20 % of the
    /// cycle, `examples/gait_vs_recorded.rs`).
    ///
    /// A pass treats the whole body as following the pelvis (the legs do only in part), so it
    /// takes passes: two are made (six, tried 2026-11-22, made the fit wander until the legs no
    /// longer reached).
    ///
    /// Fore-aft, in mid-stance the generated hip's sagittal moment ripples about the recorded
    /// trend (±0.3 N·m/kg at normal speed, ±0.6–0.9 at fast) where the recorded one is smooth:
    /// the fore-aft ground force the fit needs to hold the centre of pressure on the rolling
    /// contact plateaus and jumps. Not from the contact's path (a contact moved linearly through
    /// mid-stance instead, 2026-11-22: hip contact 3.46 → 3.42–3.45 BW, the ripple unchanged),
    /// nor from the fit's highest harmonics (fitting fore-aft up to 4, 6 or 8 instead of 12,
    /// with the knee floor at 15°: fast walking's hip contact 4.94 → 4.95 BW), nor from the
    /// template's sixth harmonic of lumbar extension (removed: no change). It goes with the
    /// stance thigh's angular acceleration departing from the template's (normal walking:
    /// −17 against +2 rad/cycle² at 36 % of the cycle, −14 against +20 at 48 %), which
    /// neither the vertical fit's harmonics (up to 6 or 8 instead of 12) nor the sole's
    /// flat-to-forefoot transition (±6° or ±10° instead of ±3°: normal walking's hip contact
    /// 3.49 / 3.73 BW) removes; its source is open.
    fn fit_centre_of_mass_motion(&mut self, segments: &[Segment], k_com: f64) {
        let n = COM_FIT_SAMPLES;
        let mass: f64 = segments.iter().map(|s| s.mass).sum();
        let mut wrenches = [Wrench::default(); N_SEGMENTS];
        // [fore-aft centre-of-pressure offset, m; vertical acceleration shortfall, m/s²; lateral
        // centre-of-pressure offset, m] per sample.
        let mut residual = [[0.0; COM_FIT_SAMPLES]; 3];
        let mut com_height = 0.0;
        for i in 0..n {
            let p = i as f64 / n as f64;
            let pose = self.pose(segments, p * self.period);
            segment_wrenches(segments, &pose, &mut wrenches);
            let (force, moment) = wrenches
                .iter()
                .fold((Vector3::zeros(), Vector3::zeros()), |(f, m), w| (f + w.force, m + w.moment));
            let contact: Vector3<f64> = pose.contacts.iter().map(|c| c.point * c.share).sum();
            residual[0][i] = moment.z / force.y - contact.x;
            let target = GRAVITY * k_com * tpl::COM_VERTICAL_ACC.value(p + self.template_shift);
            residual[1][i] = target - (force.y / mass - GRAVITY);
            // The centre of pressure sideways: (d × F)·x = −d_z·F_y.
            residual[2][i] = -moment.x / force.y - contact.z;
            com_height +=
                segments.iter().zip(&pose.com).map(|(s, c)| s.mass * c.y).sum::<f64>() / (mass * n as f64);
        }
        let harmonics = tpl::COM_VERTICAL_ACC.cos.len();
        for (axis, (fit, residual)) in self.com_fit.iter_mut().zip(&residual).enumerate() {
            // Even (fore-aft, vertical) or odd (lateral) harmonics of the residual (a discrete
            // Fourier transform on the uniform samples), each turned into a pelvis displacement.
            let first = if axis == 2 { 1 } else { 2 };
            for k in (first..=harmonics).step_by(2) {
                let (mut a, mut b) = (0.0, 0.0);
                for (i, r) in residual.iter().enumerate() {
                    let w = std::f64::consts::TAU * (k * i) as f64 / n as f64;
                    a += r * w.cos();
                    b += r * w.sin();
                }
                let omega = std::f64::consts::TAU * k as f64 / self.period;
                let gain = if axis != 1 {
                    // Moving the body by x (or sideways by z) moves the centre of pressure by x(1 + hω²/g) (the
                    // cart-table model): the body's own shift plus its inertia's lever.
                    -1.0 / (1.0 + com_height * omega * omega / GRAVITY)
                } else {
                    // Acceleration to displacement: x = −a/ω².
                    -1.0 / (omega * omega)
                };
                fit.cos[k - 1] += 2.0 / n as f64 * a * gain;
                fit.sin[k - 1] += 2.0 / n as f64 * b * gain;
            }
        }
    }

    /// Where the template puts the ankle relative to the hip (sagittal plane, this model's
    /// segment lengths) at a phase of the leg's own cycle (a jet).
    fn template_ankle_jet(&self, p: J) -> (J, J) {
        // The thigh's angle in the lab: pelvis tilt (its mean included) plus hip flexion.
        let h = Harmonics::at(p + self.template_shift, tpl::HIP_FLEXION.cos.len());
        let thigh = tpl::HIP_FLEXION.on(&h) + tpl::PELVIS_TILT.on(&h);
        let shank = thigh + tpl::KNEE_ANGLE.on(&h);
        (
            thigh.sin() * self.thigh + shank.sin() * self.shank,
            -(thigh.cos() * self.thigh + shank.cos() * self.shank),
        )
    }

    fn template_ankle(&self, p: f64) -> (f64, f64) {
        let (x, y) = self.template_ankle_jet(c(p));
        (x.re, y.re)
    }

    /// Places the feet fore-aft so that the stance ankle's range in front of and behind the hip
    /// is centred where the measured gait centres it, and the pelvis height so that,
    /// averaged over stance, the stance ankle sits as far below the hip as in the measured gait.
    fn place_feet_and_pelvis(&mut self) {
        debug_assert_eq!(self.pelvis_height, 0.0);
        let n = 100;
        let phases: Vec<f64> =
            if self.walking { (0..n).map(|i| i as f64 / n as f64).collect() } else { vec![0.0] };
        // The right hip-to-ankle offset at every stance phase. The stance ankle moves with the
        // foot's placement one for one (`FootPath::stance`) and the hip not at all, so these are
        // taken once and shifted for every placement tried below.
        let x_ref = self.feet[RIGHT].x_hs;
        let mut offsets = Vec::with_capacity(n);
        let (mut ty, mut my) = (0.0, 0.0);
        let (mut t_lo, mut t_hi, mut m_lo, mut m_hi) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &ph in &phases {
            let (ax, ay) =
                if self.walking { self.template_ankle(ph) } else { (0.0, self.template_ankle(0.3).1) };
            if ph <= self.toe_off {
                let d = self.hip_to_ankle(c(ph * self.period));
                t_lo = t_lo.min(ax);
                t_hi = t_hi.max(ax);
                m_lo = m_lo.min(d.x);
                m_hi = m_hi.max(d.x);
                ty += ay;
                my += d.y;
                offsets.push(d);
            }
        }
        let matched = (my - ty) / offsets.len() as f64;
        // The highest pelvis (origin height, before the measured oscillation) at which the stance
        // leg reaches its ankle with the knee bent at least MIN_KNEE_FLEXION (where two-link
        // inverse kinematics stays well-conditioned), with the feet placed at `x0`, over every
        // `every`-th stance phase.
        let dmax = self.max_reach();
        let limit = |x0: f64, every: usize| {
            let shift = Vector3::new(x0 - x_ref, 0.0, 0.0);
            offsets.iter().step_by(every).fold(f64::MAX, |r, d| r.min(reach(dmax, d + shift)))
        };
        if !self.walking {
            self.pelvis_height = matched.min(limit(x_ref, 1));
            return;
        }
        // Start from the centred placement, then slide the feet fore-aft to where the legs have
        // the most room (front and back reach balanced): golden-section search on every fourth
        // stance phase.
        let centred = 0.5 * ((t_lo + t_hi) - (m_lo + m_hi));
        let g = 0.5 * (5f64.sqrt() - 1.0);
        let (mut a, mut b) = (centred - 0.12, centred + 0.12);
        // 12 steps narrow the 0.24 m bracket to under 1 mm; each step keeps one interior point
        // and its value, so it costs one evaluation.
        let (mut c1, mut c2) = (b - g * (b - a), a + g * (b - a));
        let (mut f1, mut f2) = (limit(c1, 4), limit(c2, 4));
        for _ in 0..12 {
            if f1 > f2 {
                (b, c2, f2) = (c2, c1, f1);
                c1 = b - g * (b - a);
                f1 = limit(c1, 4);
            } else {
                (a, c1, f1) = (c1, c2, f2);
                c2 = a + g * (b - a);
                f2 = limit(c2, 4);
            }
        }
        let x0 = 0.5 * (a + b);
        self.pelvis_height = matched.min(limit(x0, 1));
        self.feet[RIGHT].x_hs = x0;
        self.feet[LEFT].x_hs = x0 + 0.5 * self.stride;
    }

    /// The longest hip-to-ankle distance with the knee bent `MIN_KNEE_FLEXION`, m.
    fn max_reach(&self) -> f64 {
        let (l1, l2) = (self.thigh, self.shank);
        (l1 * l1 + l2 * l2 + 2.0 * l1 * l2 * MIN_KNEE_FLEXION.cos()).sqrt()
    }

    /// The right stance ankle from the right hip at time t (the left leg mirrors the right half
    /// a cycle later).
    fn hip_to_ankle(&self, t: J) -> Vector3<f64> {
        self.foot(RIGHT, t).ankle.map(|v| v.re) - self.hip_at(RIGHT, t).map(|v| v.re)
    }

    fn phase(&self, t: J) -> J {
        t / self.period
    }

    /// The template's harmonics at time t (the pelvis's and the lumbar chain's series share them).
    fn template_basis(&self, t: J) -> Harmonics {
        Harmonics::at(self.phase(t) + self.template_shift, tpl::PELVIS_TILT.cos.len())
    }

    /// Pelvis rotation and origin at time t.
    fn pelvis(&self, t: J) -> (JMat, JVec) {
        self.pelvis_on(t, &self.template_basis(t))
    }

    /// Pelvis rotation and origin at time t, on the template's harmonics there.
    fn pelvis_on(&self, t: J, h: &Harmonics) -> (JMat, JVec) {
        let w = if self.walking { 1.0 } else { 0.0 };
        let p = self.phase(t);
        let h_fit = Harmonics::at(p, self.com_fit[0].cos.len());
        let tilt = (tpl::PELVIS_TILT.on(h) - tpl::PELVIS_TILT.mean) * (self.k_tilt * w) - self.pelvic_tilt;
        let list = tpl::PELVIS_LIST.on(h) * (self.k_list * w);
        let rot = tpl::PELVIS_ROTATION.on(h) * (self.k_rotation * w);
        let origin = JVec::new(
            t * self.speed + tpl::PELVIS_DX.on(h) * (self.k_fore_aft * w) + self.com_fit[0].on(&h_fit),
            tpl::PELVIS_DY.on(h) * (self.k_vertical * w) + self.com_fit[1].on(&h_fit) + self.pelvis_height,
            tpl::PELVIS_DZ.on(h) * (self.k_lateral * w) + self.com_fit[2].on(&h_fit),
        );
        (rot_zxy(tilt, list, rot), origin)
    }

    /// A foot's own phase at time t: cycles since its first heel strike (the left foot's
    /// starts half a cycle later).
    fn own_phase(&self, side: usize, t: J) -> J {
        self.phase(t) - if side == LEFT { 0.5 } else { 0.0 }
    }

    fn foot(&self, side: usize, t: J) -> FootState {
        self.foot_below(side, t, || self.hip_at(side, t))
    }

    /// The foot at time t, its hip centre then given by `hip` (asked only in swing, where the
    /// leg hangs from the hip): a pose passes the hip it has already placed.
    fn foot_below(&self, side: usize, t: J, hip: impl FnOnce() -> JVec) -> FootState {
        if !self.walking {
            let hip_x = self.hip[side].x;
            return self.feet[side].standing(hip_x - self.feet[side].sole.mid.x);
        }
        let own = self.own_phase(side, t);
        match self.feet[side].stance_state(own) {
            Some(s) => s,
            None => self.swing(side, own, hip()),
        }
    }

    /// Hip centre in the world at a time (a jet).
    fn hip_at(&self, side: usize, t: J) -> JVec {
        let (rp, op) = self.pelvis(t);
        op + mat_vec_const(&rp, &self.hip[side])
    }

    /// The leg's knee flexion and sagittal inclination (hip-to-ankle line from vertical, forward
    /// positive) in stance at an own phase, each with its first two phase derivatives.
    fn stance_leg(&self, side: usize, own: f64) -> [[f64; 3]; 2] {
        self.stance_leg_below(side, own, self.stance_hip(side, own))
    }

    /// The hip centre over the stance leg at an own phase (derivatives per phase, as
    /// `stance_leg`'s): the stance's ends do not move it, so `fit_stance_ends` takes it once.
    fn stance_hip(&self, side: usize, own: f64) -> JVec {
        let p = J::from_re(own).derivative();
        let shift = if side == LEFT { 0.5 } else { 0.0 };
        self.hip_at(side, (p + shift) * self.period)
    }

    /// `stance_leg` with the hip centre given.
    fn stance_leg_below(&self, side: usize, own: f64, hip: JVec) -> [[f64; 3]; 2] {
        let p = J::from_re(own).derivative();
        let ankle = self.feet[side].stance_state(p).expect("stance phase").ankle;
        let d = ankle - hip;
        let (l1, l2) = (self.thigh, self.shank);
        let knee = ((d.dot(&d) - l1 * l1 - l2 * l2) / (2.0 * l1 * l2)).acos();
        let incline = d.x.atan2(-d.y);
        [[knee.re, knee.v1, knee.v2], [incline.re, incline.v1, incline.v2]]
    }

    /// The template's knee flexion and leg inclination (as `stance_leg`) at an own phase.
    fn template_leg(&self, own: f64) -> [[f64; 3]; 2] {
        let p = J::from_re(own).derivative();
        let (ax, ay) = self.template_ankle_jet(p);
        let knee = -tpl::KNEE_ANGLE.at(p + self.template_shift);
        let incline = ax.atan2(-ay);
        [[knee.re, knee.v1, knee.v2], [incline.re, incline.v1, incline.v2]]
    }

    /// How far the stance leg's knee flexion and inclination accelerations at own phase `own`
    /// miss the template leg's `target` (`template_leg`), the inclination's scaled by this
    /// gait's inclination over the measured one, rad/cycle².
    fn stance_end_miss(&self, side: usize, own: f64, hip: JVec, target: &[[f64; 3]; 2]) -> Vector2<f64> {
        let [knee, incline] = self.stance_leg_below(side, own, hip);
        let scale = (incline[0] / target[1][0]).clamp(0.25, 4.0);
        Vector2::new(knee[2] - target[0][2], incline[2] - target[1][2] * scale)
    }

    /// Sets each foot's departures from rolling at the stance's ends (`StanceEnds`) so that the
    /// stance leg's knee flexion and inclination accelerate at toe-off and at heel strike as the
    /// measured leg's do there (the inclination's scaled by this gait's inclination over the
    /// measured one, as the legs' swing grows with the stride). Newton's method on the two
    /// coefficients of each end, with a finite-difference Jacobian: the accelerations are
    /// linear in the departure's, up to its millimetres of displacement.
    fn fit_stance_ends(&mut self) {
        if !self.walking {
            return;
        }
        for side in [RIGHT, LEFT] {
            for (end, own) in [(0, self.toe_off), (1, 1.0)] {
                let target = self.template_leg(own);
                let hip = self.stance_hip(side, own);
                let miss = |plan: &Self| plan.stance_end_miss(side, own, hip, &target);
                for _ in 0..4 {
                    let r = miss(self);
                    let h = 1e-6;
                    let mut jac = Matrix2::zeros();
                    for axis in 0..2 {
                        self.feet[side].ends.coef[end][axis] += h;
                        jac.set_column(axis, &((miss(self) - r) / h));
                        self.feet[side].ends.coef[end][axis] -= h;
                    }
                    let Some(step) = jac.lu().solve(&-r) else { break };
                    for axis in 0..2 {
                        self.feet[side].ends.coef[end][axis] += step[axis];
                    }
                }
            }
        }
    }

    /// Swing: knee flexion and the leg's inclination follow quintics in phase that meet the
    /// stance in value, rate and acceleration at toe-off and at the next heel strike (the path
    /// is C²); the knee flexes further by a smooth bump that lifts the foot clear. Driving the
    /// angles rather than the ankle keeps the near-straight knee of terminal swing
    /// well-conditioned and the leg within its reach.
    fn swing(&self, side: usize, own: J, hip: JVec) -> FootState {
        let n = own.re.floor();
        let frac = own - n;
        let span = 1.0 - self.toe_off;
        let s = (frac - self.toe_off) / span;
        let ends = |d: [f64; 3]| [d[0], d[1] * span, d[2] * span * span];
        let [to, hs] = self.swing_ends[side];
        let (mid, late) = swing_bumps(s);
        let knee =
            hermite5(s, ends(to[0]), ends(hs[0])) + mid * self.swing_lift + late * self.swing_late_lift;
        let incline = hermite5(s, ends(to[1]), ends(hs[1]));
        let foot = &self.feet[side];
        let (l1, l2) = (self.thigh, self.shank);
        let d2 = knee.cos() * (2.0 * l1 * l2) + (l1 * l1 + l2 * l2);
        let dz = c(foot.z) - hip.z;
        let rho = (d2 - dz * dz).sqrt();
        let ankle = JVec::new(hip.x + rho * incline.sin(), hip.y - rho * incline.cos(), c(foot.z));
        FootState { rot: foot.rotation(own), ankle, in_stance: false, contact: Vector3::zeros() }
    }

    /// Where a foot in swing meets the floor while it still (just after its kinematic toe-off)
    /// or already (just before its kinematic heel strike) carries part of the load, with the
    /// measured load transfer: its stance contact at the nearer end of the swing.
    fn swing_contact(&self, side: usize, own: f64) -> Vector3<f64> {
        let n = own.floor();
        let end = if own - n < 0.5 * (1.0 + self.toe_off) { n + self.toe_off } else { n + 1.0 };
        self.feet[side].stance_state(c(end)).expect("a swing's ends are in stance").contact
    }

    /// The two swing bumps' sizes: the swing knee passes through the measured knee's flexion at
    /// the measured peak, and late in swing (80 % of the way to heel strike) through the measured
    /// approach shifted onto this gait's heel-strike flexion. The knee is linear
    /// in the two sizes, so this is one 2×2 solve.
    fn fit_swing_lift(&mut self) {
        let span = 1.0 - self.toe_off;
        let measured = |s: f64| -tpl::KNEE_ANGLE.value(self.toe_off + span * s + self.template_shift);
        let s_peak = (1..100)
            .map(|i| i as f64 / 100.0)
            .fold((0.5, measured(0.5)), |(b, mb), s| {
                let ms = measured(s);
                if ms > mb { (s, ms) } else { (b, mb) }
            })
            .0;
        let s_late = 0.8;
        // Knee of the quintic alone, and the two bumps' shapes, at a swing fraction.
        let [to, hs] = self.swing_ends[RIGHT];
        let ends = |d: [f64; 3]| [d[0], d[1] * span, d[2] * span * span];
        let base = |s: f64| hermite5(c(s), ends(to[0]), ends(hs[0])).re;
        let ((a11, a12), (a21, a22)) = (swing_bumps(s_peak), swing_bumps(s_late));
        // Late in swing, follow the measured knee's approach to heel strike, shifted to land on
        // this gait's heel-strike flexion.
        let late_target = measured(s_late) + hs[0][0] - measured(1.0);
        let (r1, r2) = (measured(s_peak) - base(s_peak), late_target - base(s_late));
        let det = a11 * a22 - a12 * a21;
        self.swing_lift = (r1 * a22 - r2 * a12) / det;
        self.swing_late_lift = (a11 * r2 - a21 * r1) / det;
    }

    /// The sole's lowest point above the floor over mid-swing (20–80 % of the swing), either
    /// foot, m: the lower of its two corners (`Sole::corner_centres`) every 5 % of the swing.
    fn swing_clearance(&self, hips: &[(usize, J, JVec)]) -> f64 {
        let mut least = f64::INFINITY;
        for &(side, t, hip) in hips {
            let sole = &self.feet[side].sole;
            let foot = self.foot_below(side, t, || hip);
            let (rot, ankle) = (foot.rot.map(|x| x.re), foot.ankle.map(|x| x.re));
            for (centre, radius) in sole.corner_centres().into_iter().zip([sole.heel_radius, sole.toe_radius])
            {
                least = least.min((rot * centre + ankle).y - radius);
            }
        }
        least
    }

    /// Where `swing_clearance` looks: each side at 13 points of mid-swing (20–80 % of the swing),
    /// with the hip centre there, which the swing knee does not move (taken once per fit).
    fn clearance_samples(&self) -> Vec<(usize, J, JVec)> {
        let span = 1.0 - self.toe_off;
        let mut out = Vec::with_capacity(26);
        for side in [RIGHT, LEFT] {
            let shift = if side == LEFT { 0.5 } else { 0.0 };
            for k in 0..13 {
                let own = self.toe_off + span * (0.2 + 0.05 * k as f64);
                let t = c((own + shift) * self.period);
                out.push((side, t, self.hip_at(side, t)));
            }
        }
        out
    }

    /// Flexes the swing knee further at mid-swing (the first swing bump, `swing_lift`) until the
    /// sole clears the floor by `MIN_SWING_CLEARANCE`; a gait that clears it already keeps its
    /// fitted knee. Secant iterations on the bump's size (the clearance rises with it). Walking
    /// only.
    fn clear_the_floor(&mut self) {
        let hips = self.clearance_samples();
        let short = |plan: &Self| plan.swing_clearance(&hips) - MIN_SWING_CLEARANCE;
        let mut f0 = short(self);
        if f0 >= 0.0 {
            return;
        }
        let mut x0 = self.swing_lift;
        let mut x1 = x0 + 0.05;
        self.swing_lift = x1;
        let mut f1 = short(self);
        for _ in 0..20 {
            if f1.abs() < 1e-6 || f1 == f0 {
                break;
            }
            let x2 = x1 - f1 * (x1 - x0) / (f1 - f0);
            (x0, f0, x1) = (x1, f1, x2);
            self.swing_lift = x1;
            f1 = short(self);
        }
    }

    /// Share of the ground reaction on a foot at its own phase (`[gait] load_transfer`).
    ///
    /// Measured: double support runs between the force plate's events, not the kinematic ones
    /// (`kinematic_events`): from the other foot's plate heel strike to this foot's plate
    /// toe-off, 13.8 % of the cycle where the kinematic events leave 8 %; over it the trailing
    /// foot's share falls as the template's subject's did (`tpl::DOUBLE_SUPPORT_SHARE`, fitted
    /// to its force plates). Timed by the kinematic events instead, the trailing foot carried
    /// the whole body to the other foot's kinematic heel strike, through the vertical force's
    /// second maximum: 1.22 BW at 52 % of the recorded cycle where the plates had 1.05, and the
    /// generated gait's vertical force differed from the recorded trial's by 0.104 BW RMS over
    /// the cycle (measured timing: 0.030; `examples/gait_vs_recorded.rs`), and the pelvis
    /// needed larger corrections to keep the centre of pressure on the feet
    /// (`fit_centre_of_mass_motion`; fore-aft RMS acceleration of the correction, measured
    /// against kinematic timing: normal walking 0.754 vs 0.771 m/s², slow 0.383 vs 0.431,
    /// long strides 0.736 vs 1.021). Over the 3 % before its kinematic heel strike the landing
    /// foot is loaded within millimetres of the floor (normal walking: 2.5 mm as the load
    /// starts, 1 mm at 6 % of it; long strides 8 and 4 mm), which its heel pad's compression
    /// (not modelled) would take up; likewise the lifting foot after its kinematic toe-off.
    ///
    /// Contact: over the kinematic double support only, a quintic smooth step (flat at both
    /// ends; the smooth-transition assumption of Ren, Jones & Howard 2008 with a smooth step for
    /// their decay function), so that a foot carries load only while the kinematics have it on
    /// the floor — what the forward path's contacts can reproduce.
    fn share(&self, own_phase: f64) -> f64 {
        if !self.walking {
            return 0.5;
        }
        // Phase from this foot's heel strike, its toe-off, and the leading foot's share at a
        // fraction x of the double support (the trailing foot's is one minus it).
        let (f, to, leading): (f64, f64, fn(f64) -> f64) = match self.load_transfer {
            LoadTransfer::Measured => {
                ((own_phase + self.template_shift).rem_euclid(1.0), tpl::TOE_OFF_PHASE, |x| {
                    let [a, b] = tpl::DOUBLE_SUPPORT_SHARE;
                    x - x * (1.0 - x) * (a + b * x)
                })
            }
            LoadTransfer::Contact => {
                (own_phase - own_phase.floor(), self.toe_off, |x| x * x * x * (x * (x * 6.0 - 15.0) + 10.0))
            }
        };
        let ds = to - 0.5;
        if f > to {
            0.0
        } else if f < ds {
            leading(f / ds)
        } else if f > 0.5 {
            1.0 - leading((f - 0.5) / ds)
        } else {
            1.0
        }
    }

    /// Total lumbar extension, bending and rotation (L1–S1, beyond the standing lordosis) at t,
    /// on the template's harmonics there.
    fn lumbar_on(&self, t: J, h: &Harmonics) -> (J, J, J) {
        let p = self.phase(t);
        let w = if self.walking { 1.0 } else { 0.0 };
        let ext = (tpl::LUMBAR_EXTENSION.on(h) - tpl::LUMBAR_EXTENSION.mean) * (self.k_tilt * w)
            + self.posture_extension;
        // Backward lean peaks just after each heel strike (loading response). Both leans are
        // skipped when zero (most scenes): their exponentials cost more than the rest of the chain.
        let bump = |centre: f64| {
            let x = p - centre;
            let x = x - x.re.round();
            (-(x / 0.06) * (x / 0.06)).exp()
        };
        let ext = if self.backward_lean != 0.0 {
            ext + (bump(0.07) + bump(0.57)) * self.backward_lean
        } else {
            ext
        };
        // Lean toward the stance side: right (+ about X) through right stance, left through left
        // stance, held for most of each stance and crossing over in double support (a smooth
        // square wave: tanh of a sine, centred on mid-stance at phase ≈ 0.27).
        let bend = tpl::LUMBAR_BENDING.on(h) * (self.k_list * w);
        let bend = if self.lateral_lean != 0.0 {
            let wave = ((p * std::f64::consts::TAU) - 0.04 * std::f64::consts::TAU).sin() * 3.0;
            bend + wave.tanh() * (self.lateral_lean / 3f64.tanh())
        } else {
            bend
        };
        let rot = tpl::LUMBAR_ROTATION.on(h) * (self.k_rotation * w);
        (ext, bend, rot)
    }

    /// Phase of the recorded cycle (0 = the force plate's right heel strike) at which this
    /// gait's kinematic heel strike, its phase 0, falls.
    pub fn template_shift(&self) -> f64 {
        self.template_shift
    }

    /// How far the body moves along X over one cycle, m: the stride, negative walking backward
    /// (the backward gait is the forward one run in reverse).
    pub fn advance_per_cycle(&self) -> f64 {
        if self.backward { -self.stride } else { self.stride }
    }

    /// The forward cycle's phase that the pose at cycle phase `phase` shows (walking backward,
    /// the forward cycle runs in reverse).
    pub fn forward_phase(&self, phase: f64) -> f64 {
        if self.backward { (-phase).rem_euclid(1.0) } else { phase }
    }

    /// Whether a foot rolls on the floor without slipping at time t: in stance, and outside
    /// the stance's ends, where the toe leaves and the heel settles (`StanceEnds`).
    pub fn foot_rolls(&self, side: usize, t: f64) -> bool {
        if !self.walking {
            return true;
        }
        let own = self.own_phase(side, c(if self.backward { -t } else { t })).re;
        self.feet[side].ends.rolls(own - own.floor(), self.toe_off)
    }

    /// The pose at time t.
    pub fn pose(&self, segments: &[Segment], t: f64) -> Pose {
        // Backward: the forward cycle at −t. Positions and accelerations are those of the
        // forward gait, velocities change sign (the jets carry dt'/dt = −1).
        let tj = if self.backward { -time(t) } else { time(t) };
        // Fixed-size: a pose allocates nothing.
        let mut rots = [JMat::zeros(); N_SEGMENTS];
        let mut origins = [JVec::zeros(); N_SEGMENTS];
        let basis = self.template_basis(tj);
        let (rp, op) = self.pelvis_on(tj, &basis);
        rots[PELVIS] = rp;
        origins[PELVIS] = op;

        // Lumbar chain, from the S1 endplate up, and the thorax on L1.
        let (ext, bend, rot) = self.lumbar_on(tj, &basis);
        let spine = self.spine();
        let chain = LumbarChain::build(&spine, rp, op, [ext, bend, rot], &mut rots, &mut origins);

        // Legs.
        let mut hip_centre = [Vector3::zeros(); 2];
        let mut knee_flexion = [0.0; 2];
        let mut contacts = [Contact::default(); 2];
        let own = [RIGHT, LEFT].map(|side| self.own_phase(side, tj).re);
        for side in [RIGHT, LEFT] {
            let hip = op + mat_vec_const(&rp, &self.hip[side]);
            let foot = self.foot_below(side, tj, || hip);
            let a = foot.ankle;
            let hd = a - hip;
            let d = norm(&hd);
            let u = scale(&hd, d.recip());
            let (l1, l2) = (self.thigh, self.shank);
            let cos_b = (d * d + l1 * l1 - l2 * l2) / (d * (2.0 * l1));
            let sin_b = (-cos_b * cos_b + 1.0).sqrt();
            let fwd = JVec::new(c(1.0), c(0.0), c(0.0));
            let w = normalize(&(fwd - scale(&u, fwd.dot(&u))));
            let thigh_dir = scale(&u, cos_b) + scale(&w, sin_b);
            let knee = hip + scale(&thigh_dir, c(l1));
            let frame = |y: JVec| {
                let x = normalize(&(w - scale(&y, w.dot(&y))));
                let z = x.cross(&y);
                JMat::from_columns(&[x, y, z])
            };
            let femur_y = -thigh_dir;
            let shank_y = scale(&(knee - a), c(1.0 / l2));
            for (seg, r, o) in [
                (FEMUR[side], frame(femur_y), hip),
                (SHANK[side], frame(shank_y), knee),
                (FOOT[side], foot.rot, a),
            ] {
                rots[seg] = r;
                origins[seg] = o;
            }
            hip_centre[side] = hip.map(|x| x.re);
            let cos_knee = (l1 * l1 + l2 * l2 - d.re * d.re) / (2.0 * l1 * l2);
            knee_flexion[side] = std::f64::consts::PI - cos_knee.clamp(-1.0, 1.0).acos();
            let share = self.share(own[side]);
            let point = if foot.in_stance || share == 0.0 {
                foot.contact
            } else {
                self.swing_contact(side, own[side])
            };
            contacts[side] = Contact { in_stance: foot.in_stance, point, share };
        }

        let phase = if self.walking { (t / self.period).rem_euclid(1.0) } else { 0.0 };
        let mut pose =
            Pose::from_jets(t, phase, segments, &rots, &origins, chain, hip_centre, knee_flexion, contacts);
        if self.walking {
            for side in [RIGHT, LEFT] {
                pose.impacts[side] = self.impact_at(side, own[side]);
            }
        }
        pose
    }

    /// The spine's fixed geometry, for the lumbar chain.
    fn spine(&self) -> SpineGeometry<'_> {
        SpineGeometry {
            levels: &self.levels,
            s1: self.s1,
            sacral_slope: self.sacral_slope,
            thoracolumbar_offset: self.thoracolumbar_offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Scene;

    /// The stance's ends meet the measured leg's accelerations (the fit converged) by departing
    /// from rolling by millimetres (at most 1.7 mm here; 3 mm is the test's margin), for short,
    /// normal and long strides.
    #[test]
    fn stance_ends_accelerate_as_measured_within_millimetres() {
        for (stride, cadence) in [(1.1, 95.0), (1.4, 110.0), (1.6, 130.0)] {
            let mut scene = Scene::default();
            scene.gait.stride_m = stride;
            scene.gait.cadence_spm = cadence;
            let plan = GaitPlan::new(&Model::new(&scene));
            for side in [RIGHT, LEFT] {
                for (end, own) in [(0, plan.toe_off), (1, 1.0)] {
                    let miss =
                        plan.stance_end_miss(side, own, plan.stance_hip(side, own), &plan.template_leg(own));
                    assert!(miss.amax() < 1e-3, "{stride} m, end {end}: misses by {miss:?} rad/cycle²");
                    let c = plan.feet[side].ends.coef[end];
                    assert!(c[0].hypot(c[1]) < 0.003, "{stride} m, end {end}: departs {c:?} m");
                }
            }
        }
    }
}
