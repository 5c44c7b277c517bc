//! One foot's path through a stride: rolling on its sole in stance, a smooth arc in swing.
//!
//! The sole is a smooth convex curve: rounded corners at the heel and at the forefoot joined by
//! a nearly flat middle. Its radius of curvature as a function of the foot's pitch φ is
//! ρ(φ) = r_toe + (r_heel − r_toe)·(1 + tanh(φ/w))/2 + (L / 2w)·sech²(φ / w): with the toe up (heel strike) the foot
//! rolls on the heel corner, flat it stands on the middle, heel up (push-off) it rolls over the
//! metatarsal heads. Rolling without slipping, the contact point on the ground advances by the
//! arc length rolled, so the foot's material point at the contact never moves: no stance foot
//! slides (but for the millimetres by which the heel settles and the toe leaves at the stance's
//! ends, `StanceEnds`). Curvature, and so the path, is smooth in φ: the kinematics are C² (the
//! three rockers of gait, heel, ankle and forefoot, without their corners).
//!
//! The swing leg is driven by the plan (`plan.rs`), from the measured swing.

use super::template_data::{FOOT_PITCH, FourierSeries};
use crate::jet::{DualNum, J, JMat, JVec, c, rot_z};
use nalgebra::Vector3;

/// Gauss–Legendre nodes and weights on [−1, 1], 8 points.
const GL_X: [f64; 8] = [
    -0.960_289_856_497_536_2,
    -0.796_666_477_413_626_7,
    -0.525_532_409_916_329,
    -0.183_434_642_495_649_8,
    0.183_434_642_495_649_8,
    0.525_532_409_916_329,
    0.796_666_477_413_626_7,
    0.960_289_856_497_536_2,
];
const GL_W: [f64; 8] = [
    0.101_228_536_290_376_3,
    0.222_381_034_453_374_5,
    0.313_706_645_877_887_3,
    0.362_683_783_378_362,
    0.362_683_783_378_362,
    0.313_706_645_877_887_3,
    0.222_381_034_453_374_5,
    0.101_228_536_290_376_3,
];

/// The sole's shape (foot frame, origin at the ankle, X forward, Y up).
#[derive(Clone, Debug)]
pub struct Sole {
    /// Corner radii at the heel and at the forefoot, m.
    pub heel_radius: f64,
    pub toe_radius: f64,
    /// Length of the flat middle (heel to forefoot), m.
    pub length: f64,
    /// Pitch over which the contact crosses the middle, rad.
    pub width: f64,
    /// Contact point when the foot is flat.
    pub mid: Vector3<f64>,
    /// ∫₀^φ ρ·(cos, sin) tabulated on a uniform grid of pitch (filled by `Sole::new`).
    table: Vec<(f64, f64)>,
}

/// The tabulated pitch range, rad, and its step. Pitches of gait stay inside (about −65° … +25°).
const TABLE_MIN: f64 = -1.4;
const TABLE_MAX: f64 = 0.8;
const TABLE_STEP: f64 = 4e-3;

impl Sole {
    pub fn new(heel_radius: f64, toe_radius: f64, length: f64, width: f64, mid: Vector3<f64>) -> Self {
        let mut sole = Sole { heel_radius, toe_radius, length, width, mid, table: Vec::new() };
        // Cumulative quadrature node to node, from the integral at the first node.
        let n = ((TABLE_MAX - TABLE_MIN) / TABLE_STEP).round() as usize + 1;
        let mut acc = sole.integrals(TABLE_MIN);
        sole.table.push(acc);
        for i in 1..n {
            let a = TABLE_MIN + (i - 1) as f64 * TABLE_STEP;
            let step = sole.integrals_between(a, a + TABLE_STEP, 1);
            acc = (acc.0 + step.0, acc.1 + step.1);
            sole.table.push(acc);
        }
        sole
    }

    /// The integrals at φ: from the nearest table node, plus one 8-point Gauss–Legendre panel
    /// over the remaining step (exact to rounding; quadrature from 0 outside the table).
    fn integrals_fast(&self, phi: f64) -> (f64, f64) {
        let i = ((phi - TABLE_MIN) / TABLE_STEP).round();
        if i < 0.0 || i as usize >= self.table.len() {
            return self.integrals(phi);
        }
        let node = TABLE_MIN + i * TABLE_STEP;
        let (a, rest) = (self.table[i as usize], self.integrals_between(node, phi, 1));
        (a.0 + rest.0, a.1 + rest.1)
    }

    /// Radius of curvature of the sole where it touches at pitch φ, and its derivative.
    fn radius(&self, phi: f64) -> (f64, f64) {
        let w = self.width;
        let th = (phi / w).tanh();
        let s2 = 1.0 - th * th;
        let k = self.length / (2.0 * w);
        let dr = self.heel_radius - self.toe_radius;
        (self.toe_radius + 0.5 * dr * (1.0 + th) + k * s2, 0.5 * dr * s2 / w - 2.0 * k * s2 * th / w)
    }

    /// ∫₀^φ ρ(u)·(cos u, sin u) du by 8-point Gauss–Legendre on 8 panels (ρ is smooth, so this
    /// is exact to rounding for the pitches of gait).
    fn integrals(&self, phi: f64) -> (f64, f64) {
        self.integrals_between(0.0, phi, 8)
    }

    fn integrals_between(&self, from: f64, to: f64, panels: usize) -> (f64, f64) {
        let h = (to - from) / panels as f64;
        let (mut ic, mut is) = (0.0, 0.0);
        for p in 0..panels {
            let a = from + p as f64 * h;
            for (x, w) in GL_X.iter().zip(GL_W.iter()) {
                let u = a + 0.5 * h * (x + 1.0);
                let f = self.radius(u).0 * w * 0.5 * h;
                ic += f * u.cos();
                is += f * u.sin();
            }
        }
        (ic, is)
    }

    /// Contact point on the sole at pitch φ (a jet), foot frame.
    pub fn contact(&self, phi: J) -> JVec {
        let f = phi.re;
        let (ic, is) = self.integrals_fast(f);
        // dP/dφ = −ρ(cos φ, −sin φ); the jet carries it through φ(t) by the chain rule.
        let x = self.mid.x - ic;
        let y = self.mid.y + is;
        let (rho, drho) = self.radius(f);
        let (s, co) = f.sin_cos();
        let d1 = [-rho * co, rho * s];
        let d2 = [-drho * co + rho * s, drho * s + rho * co];
        let lift = |v: f64, d1: f64, d2: f64| J::new(v, d1 * phi.v1, d2 * phi.v1 * phi.v1 + d1 * phi.v2);
        JVec::new(lift(x, d1[0], d2[0]), lift(y, d1[1], d2[1]), c(0.0))
    }

    /// Arc length rolled from pitch 0 to φ, counted positive toward the toe (φ decreasing):
    /// −∫₀^φ ρ, in closed form.
    pub fn rolled(&self, phi: J) -> J {
        let w = self.width;
        let x = phi / w;
        // ∫ tanh = w·ln cosh, written stably for large |x|.
        let ax = if x.re < 0.0 { -x } else { x };
        let ln_cosh = ax + (-(ax * 2.0)).exp().ln_1p() - std::f64::consts::LN_2;
        let dr = self.heel_radius - self.toe_radius;
        -(phi * self.toe_radius + (phi + ln_cosh * w) * (0.5 * dr) + x.tanh() * (0.5 * self.length))
    }

    /// Centres of the heel and forefoot corners (foot frame): the sole's lowest point at any
    /// pitch lies one corner radius below one of them.
    pub fn corner_centres(&self) -> [Vector3<f64>; 2] {
        let half = 0.5 * self.length;
        [
            self.mid + Vector3::new(-half, self.heel_radius, 0.0),
            self.mid + Vector3::new(half, self.toe_radius, 0.0),
        ]
    }
}

#[derive(Clone, Debug)]
pub struct FootPath {
    pub sole: Sole,
    /// Ground contact x at this foot's heel strike in cycle 0, m.
    pub x_hs: f64,
    pub stride: f64,
    pub toe_off: f64,
    /// Lateral position of the foot (right +).
    pub z: f64,
    /// Pitch series (rad, toe up positive), as a function of the template's phase.
    pub pitch: &'static FourierSeries,
    /// Template phase at this foot's heel strike (`with_template_shift`).
    template_shift: f64,
    /// Arc rolled from pitch 0 to the pitch at heel strike: where the stance's rolling is
    /// counted from (kept with `template_shift`, so a pose does not evaluate it again).
    rolled_at_heel_strike: f64,
    /// How the ankle departs from pure rolling as the toe leaves and the heel lands.
    pub ends: StanceEnds,
}

/// The stance's ends: over a short span before toe-off the toe leaves the floor, and over one
/// after heel strike the heel settles onto it, so that the leg meets the swing accelerating as
/// the measured leg does (`GaitPlan::fit_stance_ends`). Rolling to the very end of stance, the
/// ankle swung about the forefoot at the foot's fastest pitch and was pulled down toward the
/// floor at toe-off (−15 m/s² relative to the hip, where the measured ankle has 0), turning the
/// knee's acceleration the wrong way (−119 rad/cycle², measured +12); the swing inherited both,
/// and the other hip carried the difference. The departure is c·u³ along X and along Y, with u
/// running from 0 where it starts to 1 at the end of stance: zero in value, rate and
/// acceleration where it starts, so the path stays C². Its size is millimetres.
#[derive(Clone, Copy, Debug, Default)]
pub struct StanceEnds {
    /// Length of each span, fraction of the cycle (0: rolling throughout).
    pub span: f64,
    /// c along X and along Y, m: `[toe-off, heel strike][axis]`.
    pub coef: [[f64; 2]; 2],
}

impl StanceEnds {
    /// Whether stance fraction `frac` of a stance ending at `toe_off` lies between the two
    /// spans, where the foot only rolls.
    pub fn rolls(&self, frac: f64, toe_off: f64) -> bool {
        frac >= self.span && frac <= toe_off - self.span
    }

    /// The ankle's departure from rolling at stance fraction `frac` of a stance ending at
    /// `toe_off` (a jet; zero outside the two spans).
    pub fn offset(&self, frac: J, toe_off: f64) -> JVec {
        let at = |u: J, k: [f64; 2]| {
            let u3 = u * u * u;
            JVec::new(u3 * k[0], u3 * k[1], c(0.0))
        };
        if self.span <= 0.0 || self.rolls(frac.re, toe_off) {
            JVec::zeros()
        } else if frac.re < self.span {
            at((-frac + self.span) / self.span, self.coef[1])
        } else {
            at((frac - (toe_off - self.span)) / self.span, self.coef[0])
        }
    }
}

/// A foot's pose and contact at one instant.
pub struct FootState {
    pub rot: JMat,
    pub ankle: JVec,
    pub in_stance: bool,
    /// The ground point under the sole in stance (the preferred centre of pressure).
    pub contact: Vector3<f64>,
}

/// Quintic Hermite basis on s ∈ [0, 1]: position, velocity, acceleration at both ends.
pub fn hermite5(s: J, y0: [f64; 3], y1: [f64; 3]) -> J {
    let s2 = s * s;
    let s3 = s2 * s;
    let s4 = s3 * s;
    let s5 = s4 * s;
    let h0 = -s3 * 10.0 + s4 * 15.0 - s5 * 6.0 + 1.0;
    let h1 = s - s3 * 6.0 + s4 * 8.0 - s5 * 3.0;
    let h2 = s2 * 0.5 - s3 * 1.5 + s4 * 1.5 - s5 * 0.5;
    let h3 = s3 * 10.0 - s4 * 15.0 + s5 * 6.0;
    let h4 = -s3 * 4.0 + s4 * 7.0 - s5 * 3.0;
    let h5 = s3 * 0.5 - s4 + s5 * 0.5;
    h0 * y0[0] + h1 * y0[1] + h2 * y0[2] + h3 * y1[0] + h4 * y1[1] + h5 * y1[2]
}

impl FootPath {
    pub fn new(sole: Sole, stride: f64, toe_off: f64, z: f64) -> Self {
        FootPath {
            sole,
            x_hs: 0.0,
            stride,
            toe_off,
            z,
            pitch: &FOOT_PITCH,
            template_shift: 0.0,
            rolled_at_heel_strike: 0.0,
            ends: StanceEnds::default(),
        }
        .with_template_shift(0.0)
    }

    /// The same path with its heel strike at template phase `shift`.
    pub fn with_template_shift(mut self, shift: f64) -> Self {
        self.template_shift = shift;
        self.rolled_at_heel_strike = self.sole.rolled(self.pitch_at(c(0.0))).re;
        self
    }

    fn pitch_at(&self, p: J) -> J {
        self.pitch.at(p + self.template_shift)
    }

    /// Stance: contact on the ground and ankle, at own phase `frac` ∈ [0, toe-off] (a jet), where
    /// the foot's pitch is `phi`.
    fn stance(&self, frac: J, phi: J) -> (J, JVec) {
        let x = c(self.x_hs) + self.sole.rolled(phi) - c(self.rolled_at_heel_strike);
        let ground = JVec::new(x, c(0.0), c(self.z));
        (x, ground - rot_z(phi) * self.sole.contact(phi) + self.ends.offset(frac, self.toe_off))
    }

    /// The foot at this foot's own phase `p` (cycles since its first heel strike, a jet), if it
    /// is in stance; `None` in swing (the plan drives the swing leg).
    pub fn stance_state(&self, p: J) -> Option<FootState> {
        let n = p.re.floor();
        let frac = p - n;
        if frac.re > self.toe_off {
            return None;
        }
        let phi = self.pitch_at(frac);
        let rot = rot_z(phi);
        let shift = n * self.stride;
        let (x, mut ankle) = self.stance(frac, phi);
        ankle.x += shift;
        Some(FootState { rot, ankle, in_stance: true, contact: Vector3::new(x.re + shift, 0.0, self.z) })
    }

    /// Foot rotation at any phase (the template's pitch).
    pub fn rotation(&self, p: J) -> JMat {
        rot_z(self.pitch_at(p - p.re.floor()))
    }

    /// A flat foot standing still with its contact point at `x`.
    pub fn standing(&self, x: f64) -> FootState {
        let phi = c(0.0);
        let rot = rot_z(phi);
        let ankle = JVec::new(c(x), c(0.0), c(self.z)) - rot * self.sole.contact(phi);
        FootState { rot, ankle, in_stance: true, contact: Vector3::new(x, 0.0, self.z) }
    }
}
