//! Conditions compiled to native evaluation over the documents' own types.
//!
//! The CEL interpreter evaluates a condition over map values that must first be built from the
//! employee, unit, need and activity (and converted again into its own representation), then
//! looks every field up by name. For the per-person and per-need rules that the recommender
//! evaluates for every person, that building and lookup cost more than the path search itself
//! (50 rules added 70–80 % to recommend-all on the demo). So a condition in the common subset —
//! literals, fields of the variables, `levels[...]`, comparisons, `==`/`!=`, `&&`, `||`, `!`,
//! `?:`, `in`, `+ - * / %` on numbers, `startsWith`/`endsWith`/`contains` — is compiled once into a [`Node`] tree whose fields
//! are read straight from [`Facts`]; any other condition (comprehensions, functions, maps,
//! `has()`…) stays with the interpreter.
//!
//! The semantics are CEL's, as the interpreter implements them: `&&` and `||` absorb an error
//! beside a deciding operand; `int` and `double` compare and equal as numbers (a NaN compares as
//! an error and equals nothing); values of different kinds are unequal; integer arithmetic
//! fails on overflow and division by zero. The compiler infers every node's kind and refuses
//! anything it cannot type, so evaluation never meets a value of an unexpected kind. A
//! differential property test checks native against interpreted evaluation on generated
//! conditions and values (`rules::tests`).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use cel::IdedExpr;
use cel::common::ast::{Expr, LiteralValue, operators};

use crate::model::{Employee, LearningActivity, MentorKind, Unit};
use crate::needs::{Need, Origin};

/// What the variables of a condition stand for; a variable the condition's scope lacks is `None`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Facts<'a> {
    pub employee: Option<&'a Employee>,
    /// The person's unit (when known) and the id of its department.
    pub unit: Option<(Option<&'a Unit>, &'a str)>,
    /// The need and its days to the deadline.
    pub need: Option<(&'a Need, i64)>,
    pub activity: Option<&'a LearningActivity>,
}

/// A field of a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    EmployeeId,
    EmployeeRole,
    EmployeeUnit,
    EmployeeEducation,
    EmployeeLanguages,
    EmployeeMaxHoursAway,
    EmployeeWage,
    EmployeeLevels,
    EmployeeTargetRole,
    UnitId,
    UnitName,
    UnitKind,
    UnitDepartment,
    NeedCompetence,
    NeedCurrent,
    NeedTarget,
    NeedGap,
    NeedWeight,
    NeedMandatory,
    NeedDaysToDeadline,
    NeedOrigins,
    NeedGoals,
    GoalId,
    GoalTitle,
    ActivityId,
    ActivityTitle,
    ActivityForm,
    ActivityFamily,
    ActivityProvider,
    ActivityLanguage,
    ActivityFee,
    ActivityHoursAway,
    ActivityMentor,
    ActivityDurationWeeks,
    ActivityCompetences,
}

/// The kind of a value, inferred when compiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Int,
    Double,
    Str,
    List,
    Map,
}

impl Field {
    fn of(variable: &str, field: &str) -> Option<(Field, Kind)> {
        use Field::*;
        use Kind::*;
        Some(match (variable, field) {
            ("employee", "id") => (EmployeeId, Str),
            ("employee", "role") => (EmployeeRole, Str),
            ("employee", "unit") => (EmployeeUnit, Str),
            ("employee", "education") => (EmployeeEducation, Str),
            ("employee", "languages") => (EmployeeLanguages, List),
            ("employee", "max_hours_away") => (EmployeeMaxHoursAway, Double),
            ("employee", "wage_cost_per_hour") => (EmployeeWage, Int),
            ("employee", "levels") => (EmployeeLevels, Map),
            ("employee", "target_role") => (EmployeeTargetRole, Str),
            ("unit", "id") => (UnitId, Str),
            ("unit", "name") => (UnitName, Str),
            ("unit", "kind") => (UnitKind, Str),
            ("unit", "department") => (UnitDepartment, Str),
            ("need", "competence") => (NeedCompetence, Str),
            ("need", "current") => (NeedCurrent, Int),
            ("need", "target") => (NeedTarget, Int),
            ("need", "gap") => (NeedGap, Int),
            ("need", "weight") => (NeedWeight, Double),
            ("need", "mandatory") => (NeedMandatory, Bool),
            ("need", "days_to_deadline") => (NeedDaysToDeadline, Int),
            ("need", "origins") => (NeedOrigins, List),
            ("need", "goals") => (NeedGoals, List),
            ("goal", "id") => (GoalId, Str),
            ("goal", "title") => (GoalTitle, Str),
            ("activity", "id") => (ActivityId, Str),
            ("activity", "title") => (ActivityTitle, Str),
            ("activity", "form") => (ActivityForm, Str),
            ("activity", "family") => (ActivityFamily, Str),
            ("activity", "provider") => (ActivityProvider, Str),
            ("activity", "language") => (ActivityLanguage, Str),
            ("activity", "fee") => (ActivityFee, Int),
            ("activity", "hours_away") => (ActivityHoursAway, Double),
            ("activity", "mentor") => (ActivityMentor, Str),
            ("activity", "duration_weeks") => (ActivityDurationWeeks, Int),
            ("activity", "competences") => (ActivityCompetences, List),
            _ => return None,
        })
    }
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// A compiled condition (or part of one).
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(String),
    /// A list literal of strings.
    StrList(Vec<String>),
    Field(Field),
    /// `map[key]` (or `map.key`) on the levels map.
    Index(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Neg(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Cond(Box<Node>, Box<Node>, Box<Node>),
    /// `==` (true) or `!=` (false).
    Eq(Box<Node>, Box<Node>, bool),
    /// `<`, `<=`, `>`, `>=`: true when the ordering of left to right is one of these.
    Cmp(Box<Node>, Box<Node>, [Option<Ordering>; 2]),
    Arith(Arith, Box<Node>, Box<Node>),
    In(Box<Node>, Box<Node>),
    /// `a.startsWith(b)`, `a.endsWith(b)`, `a.contains(b)` on strings.
    StrTest(StrTest, Box<Node>, Box<Node>),
}

/// The string tests.
#[derive(Debug, Clone, Copy)]
pub(crate) enum StrTest {
    StartsWith,
    EndsWith,
    Contains,
}

/// A list value, read from the documents without copying.
#[derive(Debug, Clone, Copy)]
enum List<'a> {
    Literal(&'a [String]),
    Languages(&'a Employee),
    Origins(&'a Need),
    Goals(&'a Need),
    Competences(&'a LearningActivity),
}

impl<'a> List<'a> {
    fn contains(self, x: &str) -> bool {
        match self {
            List::Literal(l) => l.iter().any(|s| s == x),
            List::Languages(e) if e.languages.is_empty() => x == "da",
            List::Languages(e) => e.languages.iter().any(|s| s == x),
            List::Origins(n) => n.origins.iter().any(|o| o.kind() == x),
            List::Goals(n) => n.origins.iter().any(|o| matches!(o, Origin::Goal { goal, .. } if goal == x)),
            List::Competences(a) => a.develops.iter().any(|d| d.competence == x),
        }
    }

    fn items(self) -> Vec<&'a str> {
        match self {
            List::Literal(l) => l.iter().map(String::as_str).collect(),
            List::Languages(e) if e.languages.is_empty() => vec!["da"],
            List::Languages(e) => e.languages.iter().map(String::as_str).collect(),
            List::Origins(n) => n.origins.iter().map(Origin::kind).collect(),
            List::Goals(n) => n
                .origins
                .iter()
                .filter_map(|o| match o {
                    Origin::Goal { goal, .. } => Some(goal.as_str()),
                    _ => None,
                })
                .collect(),
            List::Competences(a) => a.develops.iter().map(|d| d.competence.as_str()).collect(),
        }
    }
}

/// A value during evaluation.
#[derive(Debug, Clone)]
enum V<'a> {
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(std::borrow::Cow<'a, str>),
    List(List<'a>),
    Map(&'a BTreeMap<String, u8>),
}

/// An evaluation error (CEL's run-time errors: missing key, overflow, division by zero, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Error;

type R<'a> = Result<V<'a>, Error>;

/// Compiles `e` when it is in the native subset and is a `bool`; `None` leaves the condition to
/// the interpreter.
pub(crate) fn compile(e: &IdedExpr) -> Option<Node> {
    match node(e)? {
        (n, Kind::Bool) => Some(n),
        _ => None,
    }
}

fn node(e: &IdedExpr) -> Option<(Node, Kind)> {
    match &e.expr {
        Expr::Literal(l) => Some(match l {
            LiteralValue::Boolean(b) => (Node::Bool(*b.inner()), Kind::Bool),
            LiteralValue::Int(i) => (Node::Int(*i.inner()), Kind::Int),
            LiteralValue::Double(d) => (Node::Double(*d.inner()), Kind::Double),
            LiteralValue::String(s) => (Node::Str(s.inner().to_owned()), Kind::Str),
            _ => return None,
        }),
        Expr::Select(s) if !s.test => match &s.operand.expr {
            Expr::Ident(var) => Field::of(var, &s.field).map(|(f, k)| (Node::Field(f), k)),
            _ => {
                let (map, kind) = node(&s.operand)?;
                (kind == Kind::Map)
                    .then(|| (Node::Index(Box::new(map), Box::new(Node::Str(s.field.clone()))), Kind::Int))
            }
        },
        Expr::List(l) if l.optional_indices.is_empty() => {
            let mut items = Vec::with_capacity(l.elements.len());
            for x in &l.elements {
                match &x.expr {
                    Expr::Literal(LiteralValue::String(s)) => items.push(s.inner().to_owned()),
                    _ => return None,
                }
            }
            Some((Node::StrList(items), Kind::List))
        }
        Expr::Call(call) if call.target.is_some() => {
            let test = match call.func_name.as_str() {
                "startsWith" => StrTest::StartsWith,
                "endsWith" => StrTest::EndsWith,
                "contains" => StrTest::Contains,
                _ => return None,
            };
            let (target, kt) = node(call.target.as_deref()?)?;
            match (kt, call.args.as_slice()) {
                (Kind::Str, [arg]) => match node(arg)? {
                    (arg, Kind::Str) => {
                        Some((Node::StrTest(test, Box::new(target), Box::new(arg)), Kind::Bool))
                    }
                    _ => None,
                },
                _ => None,
            }
        }
        Expr::Call(call) if call.target.is_none() => {
            let args: Vec<(Node, Kind)> = call.args.iter().map(node).collect::<Option<_>>()?;
            let f = call.func_name.as_str();
            let mut it = args.into_iter();
            match (f, it.next(), it.next(), it.next(), it.next()) {
                (operators::LOGICAL_NOT, Some((a, Kind::Bool)), None, ..) => {
                    Some((Node::Not(Box::new(a)), Kind::Bool))
                }
                (operators::NEGATE, Some((a, k @ (Kind::Int | Kind::Double))), None, ..) => {
                    Some((Node::Neg(Box::new(a)), k))
                }
                (operators::LOGICAL_AND, Some((a, Kind::Bool)), Some((b, Kind::Bool)), None, _) => {
                    Some((Node::And(Box::new(a), Box::new(b)), Kind::Bool))
                }
                (operators::LOGICAL_OR, Some((a, Kind::Bool)), Some((b, Kind::Bool)), None, _) => {
                    Some((Node::Or(Box::new(a), Box::new(b)), Kind::Bool))
                }
                (operators::CONDITIONAL, Some((c, Kind::Bool)), Some((a, ka)), Some((b, kb)), None)
                    if ka == kb && ka != Kind::Map =>
                {
                    Some((Node::Cond(Box::new(c), Box::new(a), Box::new(b)), ka))
                }
                (operators::EQUALS | operators::NOT_EQUALS, Some((a, ka)), Some((b, kb)), None, _)
                    if ka != Kind::Map && kb != Kind::Map =>
                {
                    Some((Node::Eq(Box::new(a), Box::new(b), f == operators::EQUALS), Kind::Bool))
                }
                (
                    operators::LESS | operators::LESS_EQUALS | operators::GREATER | operators::GREATER_EQUALS,
                    Some((a, ka)),
                    Some((b, kb)),
                    None,
                    _,
                ) if comparable(ka, kb) => {
                    let accept = match f {
                        operators::LESS => [Some(Ordering::Less), None],
                        operators::LESS_EQUALS => [Some(Ordering::Less), Some(Ordering::Equal)],
                        operators::GREATER => [Some(Ordering::Greater), None],
                        _ => [Some(Ordering::Greater), Some(Ordering::Equal)],
                    };
                    Some((Node::Cmp(Box::new(a), Box::new(b), accept), Kind::Bool))
                }
                (
                    operators::ADD | operators::SUBSTRACT | operators::MULTIPLY | operators::DIVIDE,
                    Some((a, k @ (Kind::Int | Kind::Double))),
                    Some((b, kb)),
                    None,
                    _,
                ) if k == kb => {
                    let op = match f {
                        operators::ADD => Arith::Add,
                        operators::SUBSTRACT => Arith::Sub,
                        operators::MULTIPLY => Arith::Mul,
                        _ => Arith::Div,
                    };
                    Some((Node::Arith(op, Box::new(a), Box::new(b)), k))
                }
                (operators::MODULO, Some((a, Kind::Int)), Some((b, Kind::Int)), None, _) => {
                    Some((Node::Arith(Arith::Rem, Box::new(a), Box::new(b)), Kind::Int))
                }
                (operators::IN, Some((a, Kind::Str)), Some((b, Kind::List | Kind::Map)), None, _) => {
                    Some((Node::In(Box::new(a), Box::new(b)), Kind::Bool))
                }
                (operators::INDEX, Some((a, Kind::Map)), Some((b, Kind::Str)), None, _) => {
                    Some((Node::Index(Box::new(a), Box::new(b)), Kind::Int))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The kinds `<` and friends accept: numbers with numbers, strings with strings, bools with bools.
fn comparable(a: Kind, b: Kind) -> bool {
    let numeric = |k| matches!(k, Kind::Int | Kind::Double);
    (numeric(a) && numeric(b)) || (a == b && matches!(a, Kind::Str | Kind::Bool))
}

/// True when the condition gives `true`; errors give `false`, as for the interpreter.
pub(crate) fn holds(n: &Node, f: &Facts) -> bool {
    matches!(eval(n, f), Ok(V::Bool(true)))
}

fn field<'a>(fd: Field, f: &Facts<'a>) -> R<'a> {
    use std::borrow::Cow::Borrowed;
    let e = || f.employee.ok_or(Error);
    let u = || f.unit.ok_or(Error);
    let n = || f.need.ok_or(Error);
    let a = || f.activity.ok_or(Error);
    let goal = |need: &'a Need| {
        need.origins.iter().find_map(|o| match o {
            Origin::Goal { goal, title, .. } => Some((goal.as_str(), title.as_str())),
            _ => None,
        })
    };
    Ok(match fd {
        Field::EmployeeId => V::Str(Borrowed(&e()?.id)),
        Field::EmployeeRole => V::Str(Borrowed(&e()?.role)),
        Field::EmployeeUnit => V::Str(Borrowed(&e()?.unit)),
        Field::EmployeeEducation => V::Str(Borrowed(e()?.education.as_str())),
        Field::EmployeeLanguages => V::List(List::Languages(e()?)),
        Field::EmployeeMaxHoursAway => V::Double(e()?.max_hours_away),
        Field::EmployeeWage => V::Int(e()?.wage_cost_per_hour),
        Field::EmployeeLevels => V::Map(&e()?.levels),
        Field::EmployeeTargetRole => V::Str(Borrowed(e()?.target_role.as_deref().unwrap_or(""))),
        Field::UnitId => V::Str(Borrowed(u()?.0.map_or("", |u| u.id.as_str()))),
        Field::UnitName => V::Str(Borrowed(u()?.0.map_or("", |u| u.name.as_str()))),
        Field::UnitKind => V::Str(Borrowed(u()?.0.map_or("", |u| u.kind.as_str()))),
        Field::UnitDepartment => V::Str(Borrowed(u()?.0.map_or("", |_| f.unit.map_or("", |x| x.1)))),
        Field::NeedCompetence => V::Str(Borrowed(&n()?.0.competence)),
        Field::NeedCurrent => V::Int(i64::from(n()?.0.current)),
        Field::NeedTarget => V::Int(i64::from(n()?.0.target)),
        Field::NeedGap => V::Int(i64::from(n()?.0.gap())),
        Field::NeedWeight => V::Double(n()?.0.weight),
        Field::NeedMandatory => V::Bool(n()?.0.mandatory),
        Field::NeedDaysToDeadline => V::Int(n()?.1),
        Field::NeedOrigins => V::List(List::Origins(n()?.0)),
        Field::NeedGoals => V::List(List::Goals(n()?.0)),
        Field::GoalId => V::Str(Borrowed(goal(n()?.0).map_or("", |g| g.0))),
        Field::GoalTitle => V::Str(Borrowed(goal(n()?.0).map_or("", |g| g.1))),
        Field::ActivityId => V::Str(Borrowed(&a()?.id)),
        Field::ActivityTitle => V::Str(Borrowed(&a()?.title)),
        Field::ActivityForm => V::Str(Borrowed(a()?.form.as_str())),
        Field::ActivityFamily => V::Str(Borrowed(a()?.form.family().as_str())),
        Field::ActivityProvider => V::Str(Borrowed(&a()?.provider)),
        Field::ActivityLanguage => V::Str(Borrowed(&a()?.language)),
        Field::ActivityFee => V::Int(a()?.fee),
        Field::ActivityHoursAway => V::Double(a()?.hours_away),
        Field::ActivityMentor => V::Str(Borrowed(match a()?.mentor {
            Some(MentorKind::Buddy) => "buddy",
            Some(MentorKind::Supervisor) => "supervisor",
            None => "",
        })),
        Field::ActivityDurationWeeks => V::Int(i64::from(a()?.duration_weeks)),
        Field::ActivityCompetences => V::List(List::Competences(a()?)),
    })
}

fn as_bool(v: &R) -> Result<bool, Error> {
    match v {
        Ok(V::Bool(b)) => Ok(*b),
        _ => Err(Error),
    }
}

/// The ordering of two values, as CEL's comparison operators see it.
fn order(a: &V, b: &V) -> Result<Ordering, Error> {
    match (a, b) {
        (V::Int(x), V::Int(y)) => Ok(x.cmp(y)),
        (V::Double(x), V::Double(y)) => x.partial_cmp(y).ok_or(Error),
        (V::Int(x), V::Double(y)) => (*x as f64).partial_cmp(y).ok_or(Error),
        (V::Double(x), V::Int(y)) => x.partial_cmp(&(*y as f64)).ok_or(Error),
        (V::Str(x), V::Str(y)) => Ok(x.cmp(y)),
        (V::Bool(x), V::Bool(y)) => Ok(x.cmp(y)),
        _ => Err(Error),
    }
}

/// CEL equality: numbers by value, strings and bools by value, lists element-wise, anything
/// else unequal.
fn equal(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::List(x), V::List(y)) => x.items() == y.items(),
        (V::Str(x), V::Str(y)) => x == y,
        (V::Bool(x), V::Bool(y)) => x == y,
        _ => order(a, b) == Ok(Ordering::Equal),
    }
}

fn eval<'a>(n: &'a Node, f: &Facts<'a>) -> R<'a> {
    use std::borrow::Cow::Borrowed;
    match n {
        Node::Bool(b) => Ok(V::Bool(*b)),
        Node::Int(i) => Ok(V::Int(*i)),
        Node::Double(d) => Ok(V::Double(*d)),
        Node::Str(s) => Ok(V::Str(Borrowed(s))),
        Node::StrList(l) => Ok(V::List(List::Literal(l))),
        Node::Field(fd) => field(*fd, f),
        Node::Index(m, k) => match (eval(m, f)?, eval(k, f)?) {
            (V::Map(m), V::Str(k)) => m.get(k.as_ref()).map(|l| V::Int(i64::from(*l))).ok_or(Error),
            _ => Err(Error),
        },
        Node::Not(a) => match eval(a, f)? {
            V::Bool(b) => Ok(V::Bool(!b)),
            _ => Err(Error),
        },
        Node::Neg(a) => match eval(a, f)? {
            V::Int(i) => i.checked_neg().map(V::Int).ok_or(Error),
            V::Double(d) => Ok(V::Double(-d)),
            _ => Err(Error),
        },
        Node::And(a, b) => {
            let left = as_bool(&eval(a, f));
            if left == Ok(false) {
                return Ok(V::Bool(false));
            }
            let right = as_bool(&Ok(eval(b, f)?));
            match (left, right) {
                (Ok(true), Ok(r)) => Ok(V::Bool(r)),
                (Err(_), Ok(false)) => Ok(V::Bool(false)),
                _ => Err(Error),
            }
        }
        Node::Or(a, b) => {
            let left = as_bool(&eval(a, f));
            if left == Ok(true) {
                return Ok(V::Bool(true));
            }
            let right = as_bool(&Ok(eval(b, f)?));
            match (left, right) {
                (Ok(false), Ok(r)) => Ok(V::Bool(r)),
                (Err(_), Ok(true)) => Ok(V::Bool(true)),
                _ => Err(Error),
            }
        }
        Node::Cond(c, a, b) => {
            if as_bool(&eval(c, f))? {
                eval(a, f)
            } else {
                eval(b, f)
            }
        }
        Node::Eq(a, b, want) => {
            let (x, y) = (eval(a, f)?, eval(b, f)?);
            Ok(V::Bool(equal(&x, &y) == *want))
        }
        Node::Cmp(a, b, accept) => {
            let (x, y) = (eval(a, f)?, eval(b, f)?);
            let o = order(&x, &y)?;
            Ok(V::Bool(accept.contains(&Some(o))))
        }
        Node::Arith(op, a, b) => arith(*op, eval(a, f)?, eval(b, f)?),
        Node::In(x, c) => match (eval(x, f)?, eval(c, f)?) {
            (V::Str(x), V::List(l)) => Ok(V::Bool(l.contains(&x))),
            (V::Str(x), V::Map(m)) => Ok(V::Bool(m.contains_key(x.as_ref()))),
            _ => Err(Error),
        },
        Node::StrTest(test, a, b) => match (eval(a, f)?, eval(b, f)?) {
            (V::Str(a), V::Str(b)) => Ok(V::Bool(match test {
                StrTest::StartsWith => a.starts_with(b.as_ref()),
                StrTest::EndsWith => a.ends_with(b.as_ref()),
                StrTest::Contains => a.contains(b.as_ref()),
            })),
            _ => Err(Error),
        },
    }
}

fn arith<'a>(op: Arith, a: V<'a>, b: V<'a>) -> R<'a> {
    match (a, b) {
        (V::Int(x), V::Int(y)) => match op {
            Arith::Add => x.checked_add(y),
            Arith::Sub => x.checked_sub(y),
            Arith::Mul => x.checked_mul(y),
            Arith::Div => x.checked_div(y),
            Arith::Rem => x.checked_rem(y),
        }
        .map(V::Int)
        .ok_or(Error),
        (V::Double(x), V::Double(y)) => match op {
            Arith::Add => Ok(V::Double(x + y)),
            Arith::Sub => Ok(V::Double(x - y)),
            Arith::Mul => Ok(V::Double(x * y)),
            Arith::Div => Ok(V::Double(x / y)),
            Arith::Rem => Err(Error),
        },
        _ => Err(Error),
    }
}
