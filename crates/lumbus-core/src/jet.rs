//! Time derivatives by forward-mode automatic differentiation.
//!
//! The gait generator evaluates every pose with second-order dual numbers seeded on time, so
//! velocities and accelerations are exact derivatives of the positions (to rounding), never finite
//! differences. `num-dual` provides the number type; this file adds the few rotation helpers.

use nalgebra::{Matrix3, Vector3};
pub use num_dual::{Dual2_64 as J, DualNum};

pub type JVec = Vector3<J>;
pub type JMat = Matrix3<J>;

/// A constant (zero derivatives).
#[inline]
pub fn c(x: f64) -> J {
    J::from_re(x)
}

/// Time as a dual number: value t, dt/dt = 1, d²t/dt² = 0.
#[inline]
pub fn time(t: f64) -> J {
    J::from_re(t).derivative()
}

pub fn cvec(v: Vector3<f64>) -> JVec {
    v.map(c)
}

pub fn cmat(m: Matrix3<f64>) -> JMat {
    m.map(c)
}

/// Rotation about X (right-handed, active).
pub fn rot_x(a: J) -> JMat {
    let (s, co) = (a.sin(), a.cos());
    let (o, z) = (c(1.0), c(0.0));
    JMat::new(o, z, z, z, co, -s, z, s, co)
}

pub fn rot_y(a: J) -> JMat {
    let (s, co) = (a.sin(), a.cos());
    let (o, z) = (c(1.0), c(0.0));
    JMat::new(co, z, s, z, o, z, -s, z, co)
}

pub fn rot_z(a: J) -> JMat {
    let (s, co) = (a.sin(), a.cos());
    let (o, z) = (c(1.0), c(0.0));
    JMat::new(co, -s, z, s, co, z, z, z, o)
}

/// The body-fixed Z–X–Y sequence OpenSim uses for the pelvis and the back
/// (tilt/extension about Z, list/bending about X, rotation about Y).
/// Written out (Rz·Rx·Ry multiplied by hand): 14 products of jets instead of the 54 of two
/// 3×3 products, and every pose evaluates about a dozen of these.
pub fn rot_zxy(z: J, x: J, y: J) -> JMat {
    let (sz, cz) = (z.sin(), z.cos());
    let (sx, cx) = (x.sin(), x.cos());
    let (sy, cy) = (y.sin(), y.cos());
    let (szsx, czsx) = (sz * sx, cz * sx);
    JMat::new(
        cz * cy - szsx * sy,
        -(sz * cx),
        cz * sy + szsx * cy,
        sz * cy + czsx * sy,
        cz * cx,
        sz * sy - czsx * cy,
        -(cx * sy),
        sx,
        cx * cy,
    )
}

/// Values, first and second derivatives of a matrix of jets.
#[inline]
fn split_mat(m: &JMat) -> [Matrix3<f64>; 3] {
    [m.map(|x| x.re), m.map(|x| x.v1), m.map(|x| x.v2)]
}

#[inline]
fn join_mat([m0, m1, m2]: [Matrix3<f64>; 3]) -> JMat {
    JMat::from_fn(|i, j| J::new(m0[(i, j)], m1[(i, j)], m2[(i, j)]))
}

/// `a · b` for jet matrices by the product rule on their value and derivative parts: six
/// products of plain 3×3 matrices, which nalgebra unrolls, where the generic product of
/// `Matrix3<J>` multiplies 27 jets through generic code (the recorded multibody's forward
/// kinematics spent 43 % of a recorded run there). The same products, summed in another order:
/// the results agree with the generic product to rounding.
pub fn mat_mul(a: &JMat, b: &JMat) -> JMat {
    let ([a0, a1, a2], [b0, b1, b2]) = (split_mat(a), split_mat(b));
    join_mat([a0 * b0, a1 * b0 + a0 * b1, a2 * b0 + (a1 * b1) * 2.0 + a0 * b2])
}

/// `a · m` for a jet matrix and a constant one.
pub fn mat_mul_const(a: &JMat, m: &Matrix3<f64>) -> JMat {
    let [a0, a1, a2] = split_mat(a);
    join_mat([a0 * m, a1 * m, a2 * m])
}

/// `a · v` for a jet matrix and a jet vector (as `mat_mul`).
pub fn mat_vec(a: &JMat, v: &JVec) -> JVec {
    let [a0, a1, a2] = split_mat(a);
    let (v0, v1, v2) = split_vec(v);
    let (r0, r1, r2) = (a0 * v0, a1 * v0 + a0 * v1, a2 * v0 + (a1 * v1) * 2.0 + a0 * v2);
    JVec::from_fn(|i, _| J::new(r0[i], r1[i], r2[i]))
}

/// `a · v` for a jet matrix and a constant vector.
pub fn mat_vec_const(a: &JMat, v: &Vector3<f64>) -> JVec {
    let [a0, a1, a2] = split_mat(a);
    let (r0, r1, r2) = (a0 * v, a1 * v, a2 * v);
    JVec::from_fn(|i, _| J::new(r0[i], r1[i], r2[i]))
}

pub fn norm(v: &JVec) -> J {
    v.dot(v).sqrt()
}

pub fn normalize(v: &JVec) -> JVec {
    let n = norm(v);
    v.map(|x| x / n)
}

pub fn scale(v: &JVec, s: J) -> JVec {
    v.map(|x| x * s)
}

/// Values, first and second derivatives of a vector of jets.
pub fn split_vec(v: &JVec) -> (Vector3<f64>, Vector3<f64>, Vector3<f64>) {
    (v.map(|x| x.re), v.map(|x| x.v1), v.map(|x| x.v2))
}

/// Rotation matrix, angular velocity and angular acceleration (world frame) of a rotation jet:
/// ω̂ = Ṙ Rᵀ and α̂ = R̈ Rᵀ + Ṙ Ṙᵀ (the derivative of ω̂).
pub fn split_rot(r: &JMat) -> (Matrix3<f64>, Vector3<f64>, Vector3<f64>) {
    let r0 = r.map(|x| x.re);
    let r1 = r.map(|x| x.v1);
    let r2 = r.map(|x| x.v2);
    let w = r1 * r0.transpose();
    let a = r2 * r0.transpose() + r1 * r1.transpose();
    (r0, vee(&w), vee(&a))
}

/// The vector of a (nearly) skew-symmetric matrix, averaging its two halves.
fn vee(m: &Matrix3<f64>) -> Vector3<f64> {
    Vector3::new(0.5 * (m[(2, 1)] - m[(1, 2)]), 0.5 * (m[(0, 2)] - m[(2, 0)]), 0.5 * (m[(1, 0)] - m[(0, 1)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angular_velocity_of_a_spinning_frame() {
        // R = Rz(2t + t²): ω = (0, 0, 2 + 2t), α = (0, 0, 2).
        let t = time(0.3);
        let r = rot_z(t * 2.0 + t * t);
        let (_, w, a) = split_rot(&r);
        assert!((w - Vector3::new(0.0, 0.0, 2.6)).norm() < 1e-12);
        assert!((a - Vector3::new(0.0, 0.0, 2.0)).norm() < 1e-12);
    }

    #[test]
    fn written_out_zxy_equals_the_product_of_the_three_rotations() {
        let t = time(0.4);
        let (z, x, y) = (t * 0.7 - c(0.2), t.sin() * 0.5, t * t * 0.3 + c(1.1));
        let product = rot_z(z) * rot_x(x) * rot_y(y);
        for (a, b) in rot_zxy(z, x, y).iter().zip(product.iter()) {
            assert!(
                (a.re - b.re).abs() < 1e-15 && (a.v1 - b.v1).abs() < 1e-14 && (a.v2 - b.v2).abs() < 1e-13
            );
        }
    }

    #[test]
    fn product_rule_products_equal_the_generic_ones() {
        let t = time(0.4);
        let (a, b) = (rot_zxy(t * 0.7, t.sin() * 0.5, t * t), rot_zxy(t * t * 0.3, c(0.4), t.cos()));
        let v = JVec::new(t * t, t.sin(), c(0.3) - t);
        let m = Matrix3::new(0.1, -0.4, 0.9, 0.3, 0.2, -0.7, 0.5, 0.8, 0.6);
        let p = Vector3::new(0.2, -0.5, 0.7);
        let close = |x: J, y: J| {
            (x.re - y.re).abs() < 1e-14 && (x.v1 - y.v1).abs() < 1e-13 && (x.v2 - y.v2).abs() < 1e-12
        };
        assert!(mat_mul(&a, &b).iter().zip((a * b).iter()).all(|(x, y)| close(*x, *y)));
        assert!(mat_mul_const(&a, &m).iter().zip((a * cmat(m)).iter()).all(|(x, y)| close(*x, *y)));
        assert!(mat_vec(&a, &v).iter().zip((a * v).iter()).all(|(x, y)| close(*x, *y)));
        assert!(mat_vec_const(&a, &p).iter().zip((a * cvec(p)).iter()).all(|(x, y)| close(*x, *y)));
    }

    #[test]
    fn composed_rotation_matches_euler_rates() {
        // Two rotations about different axes: compare with a central difference of R.
        let f = |t: f64| {
            let tj = time(t);
            rot_zxy(tj.sin() * 0.3, tj * 0.5, c(0.2))
        };
        let (r, w, _) = split_rot(&f(0.7));
        let h = 1e-6;
        let rp = f(0.7 + h).map(|x| x.re);
        let rm = f(0.7 - h).map(|x| x.re);
        let wd = vee(&((rp - rm) / (2.0 * h) * r.transpose()));
        assert!((w - wd).norm() < 1e-8);
    }
}
