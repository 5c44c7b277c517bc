//! Functions of one coordinate, as OpenSim's joints use them (a knee translation as a spline of
//! the knee angle), evaluated on jets so that their derivatives come out exactly.

use crate::jet::{J, c};

/// A function of one variable. Splines are stored as cubic pieces, so evaluating them on a jet
/// gives exact first and second derivatives.
#[derive(Debug, Clone, PartialEq)]
pub enum CoordinateFunction {
    Constant(f64),
    /// `slope · x + intercept`
    Linear {
        slope: f64,
        intercept: f64,
    },
    Cubic(CubicSpline),
    /// Straight segments between knots, extrapolated with the end segments.
    PiecewiseLinear {
        x: Vec<f64>,
        y: Vec<f64>,
    },
    /// Coefficients from the highest power down.
    Polynomial(Vec<f64>),
    /// `scale · f(x)`
    Scaled {
        scale: f64,
        function: Box<CoordinateFunction>,
    },
}

impl CoordinateFunction {
    /// The identity (a coordinate that is itself the joint's angle or translation).
    pub fn identity() -> Self {
        CoordinateFunction::Linear { slope: 1.0, intercept: 0.0 }
    }

    /// Value (and, through the jet, derivatives) at `x`.
    pub fn eval(&self, x: J) -> J {
        match self {
            CoordinateFunction::Constant(v) => c(*v),
            CoordinateFunction::Linear { slope, intercept } => x * *slope + *intercept,
            CoordinateFunction::Cubic(s) => s.eval(x),
            CoordinateFunction::PiecewiseLinear { x: xs, y: ys } => {
                let n = xs.len();
                if n == 1 {
                    return c(ys[0]);
                }
                let i = xs.partition_point(|&k| k <= x.re).clamp(1, n - 1) - 1;
                (x - xs[i]) * ((ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i])) + ys[i]
            }
            CoordinateFunction::Polynomial(k) => k.iter().fold(c(0.0), |acc, &a| acc * x + a),
            CoordinateFunction::Scaled { scale, function } => function.eval(x) * *scale,
        }
    }

    /// Value at a plain number.
    pub fn value(&self, x: f64) -> f64 {
        self.eval(c(x)).re
    }
}

/// A cubic spline `y_i + b_i·dx + c_i·dx² + d_i·dx³` on each knot interval, extrapolated
/// linearly with the end slopes (as OpenSim's `SimmSpline` does).
#[derive(Debug, Clone, PartialEq)]
pub struct CubicSpline {
    x: Vec<f64>,
    y: Vec<f64>,
    b: Vec<f64>,
    c: Vec<f64>,
    d: Vec<f64>,
}

impl CubicSpline {
    /// The interpolating spline of Forsythe, Malcolm & Moler (1977, *Computer Methods for
    /// Mathematical Computations*, `spline`), whose end conditions match the third derivative
    /// of the cubic through the first (last) four knots: SIMM's and OpenSim's `SimmSpline`.
    /// It reproduces cubics exactly. `x` must increase strictly and have at least one knot.
    pub fn fmm(x: &[f64], y: &[f64]) -> CubicSpline {
        assert!(!x.is_empty() && x.len() == y.len(), "a spline needs matching, non-empty knots");
        let (b, c, d) = fmm_coefficients(x, y);
        CubicSpline { x: x.to_vec(), y: y.to_vec(), b, c, d }
    }

    /// The knots.
    pub fn knots(&self) -> &[f64] {
        &self.x
    }

    pub fn eval(&self, x: J) -> J {
        let n = self.x.len();
        if n == 1 {
            return c(self.y[0]);
        }
        if x.re < self.x[0] {
            return (x - self.x[0]) * self.b[0] + self.y[0];
        }
        if x.re > self.x[n - 1] {
            return (x - self.x[n - 1]) * self.b[n - 1] + self.y[n - 1];
        }
        let i = (self.x.partition_point(|&k| k <= x.re).max(1) - 1).min(n - 2);
        let dx = x - self.x[i];
        (((dx * self.d[i]) + self.c[i]) * dx + self.b[i]) * dx + self.y[i]
    }

    pub fn value(&self, x: f64) -> f64 {
        self.eval(c(x)).re
    }
}

fn fmm_coefficients(x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = x.len();
    let (mut b, mut c, mut d) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    if n == 1 {
        return (b, c, d);
    }
    if n == 2 {
        let s = (y[1] - y[0]) / (x[1] - x[0]);
        return (vec![s; 2], c, d);
    }
    let (nm1, nm2) = (n - 1, n - 2);
    // Tridiagonal system: b diagonal, d off-diagonal, c right-hand side.
    d[0] = x[1] - x[0];
    c[1] = (y[1] - y[0]) / d[0];
    for i in 1..nm1 {
        d[i] = x[i + 1] - x[i];
        b[i] = 2.0 * (d[i - 1] + d[i]);
        c[i + 1] = (y[i + 1] - y[i]) / d[i];
        c[i] = c[i + 1] - c[i];
    }
    // End conditions: third derivatives from divided differences.
    b[0] = -d[0];
    b[nm1] = -d[nm2];
    c[0] = 0.0;
    c[nm1] = 0.0;
    if n > 3 {
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0]);
        c[nm1] = c[nm2] / (x[nm1] - x[n - 3]) - c[n - 3] / (x[nm2] - x[n - 4]);
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0]);
        c[nm1] = -c[nm1] * d[nm2] * d[nm2] / (x[nm1] - x[n - 4]);
    }
    // Forward elimination, back substitution.
    for i in 1..n {
        let t = d[i - 1] / b[i - 1];
        b[i] -= t * d[i - 1];
        c[i] -= t * c[i - 1];
    }
    c[nm1] /= b[nm1];
    for i in (0..nm1).rev() {
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
    }
    // Polynomial coefficients.
    b[nm1] = (y[nm1] - y[nm2]) / d[nm2] + d[nm2] * (c[nm2] + 2.0 * c[nm1]);
    for i in 0..nm1 {
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
        d[i] = (c[i + 1] - c[i]) / d[i];
        c[i] *= 3.0;
    }
    c[nm1] *= 3.0;
    d[nm1] = d[nm2];
    (b, c, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jet::time;

    #[test]
    fn spline_reproduces_a_cubic_and_its_derivatives() {
        let f = |x: f64| x * x * x - 2.0 * x + 1.0;
        let xs = [-2.0, -1.3, -0.2, 0.0, 0.7, 1.9, 2.5];
        let ys: Vec<f64> = xs.iter().map(|&x| f(x)).collect();
        let s = CubicSpline::fmm(&xs, &ys);
        for x in [-1.9, -0.5, 0.3, 1.0, 2.2] {
            let v = s.eval(time(x));
            assert!((v.re - f(x)).abs() < 1e-10, "{x}");
            assert!((v.v1 - (3.0 * x * x - 2.0)).abs() < 1e-9, "{x}");
            assert!((v.v2 - 6.0 * x).abs() < 1e-8, "{x}");
        }
        // Outside: the end slope.
        assert!((s.value(3.0) - (f(2.5) + 0.5 * (3.0 * 6.25 - 2.0))).abs() < 1e-9);
    }

    #[test]
    fn other_functions() {
        let lin = CoordinateFunction::PiecewiseLinear { x: vec![0.0, 1.0], y: vec![0.0, 2.0] };
        assert_eq!(lin.value(0.25), 0.5);
        assert_eq!(lin.value(2.0), 4.0);
        assert_eq!(CoordinateFunction::Polynomial(vec![2.0, 0.0, 1.0]).value(3.0), 19.0);
        let s = CoordinateFunction::Scaled { scale: 2.0, function: Box::new(CoordinateFunction::identity()) };
        assert_eq!(s.eval(time(1.5)).v1, 2.0);
    }
}
