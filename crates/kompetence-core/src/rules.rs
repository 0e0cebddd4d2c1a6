//! Policy as data: the organisation's rules and assertions, written in CEL (Common Expression
//! Language) by an HR department or cooperation committee (D13), compiled once when the engine
//! is built.
//!
//! # Rules
//!
//! A [`Rule`] has an id, a plain-language description, a `condition` and an [`RuleEffect`].
//! The effect's *scope* decides which variables the condition sees and when it is evaluated:
//!
//! | scope | effects | variables | evaluated |
//! |---|---|---|---|
//! | person | `cap_hours`, `cap_cost`, `buddy_search` | `employee`, `unit` | once per person |
//! | need | `weight_factor`, `mandatory` | `employee`, `unit`, `need`, `goal` | once per need |
//! | activity | `exclude`, `require_follow_up`, `effect_factor` | `employee`, `unit`, `activity` | once per candidate activity, before the path search |
//!
//! So no condition is ever evaluated in the search's inner loop. An activity rule's condition is
//! split into its top-level conjuncts: those reading only `activity` are decided once per
//! activity when the engine is built, those reading only the person once per person, and only
//! conjuncts reading both are evaluated per candidate. Conditions in the common subset (fields,
//! comparisons, logic, `in`, arithmetic) are compiled to native evaluation over the documents'
//! own types; the rest run in the CEL interpreter, with the same results. Several rules with the
//! same effect combine: factors multiply, caps take the lowest, the last matching `buddy_search`
//! wins.
//!
//! # Assertions
//!
//! An [`Assertion`] is a condition that must hold for every step (`employee`, `unit`, `step`,
//! `activity`) or every path (`employee`, `unit`, `path`) the recommender proposes;
//! `kompetence policy test` checks them across generated organisations.
//!
//! # The variables
//!
//! Their fields and types are listed by [`variable_fields`]. Money is `int` (whole kroner),
//! hours and weights `double`, forms and education their snake_case names (`"amu_course"`,
//! `"unskilled"`). `int` and `double` compare with each other, so `step.hours_away <= 37` works.
//!
//! # Checked early, evaluated within bounds
//!
//! Every condition is parsed and type-checked when the policy is validated: syntax errors,
//! unknown variables, unknown fields, wrong types and unknown functions are reported together
//! as problems at `rules[i].condition` (or `assertions[i].condition`) with `line:column`. A
//! condition is at most [`MAX_CONDITION_LEN`] characters; CEL has no unbounded loops (its
//! comprehensions run over the finite lists above), so evaluation is bounded. A condition that
//! fails at run time (say, a division by zero) counts as *not applying* for a rule and as
//! *violated* for an assertion.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use cel::common::ast::{EntryExpr, Expr, LiteralValue, operators};
use cel::objects::Key;
use cel::{Context, IdedExpr, Program, Value};

use crate::error::Problem;
use crate::model::{
    Assertion, AssertionScope, BuddySearch, Employee, LearningActivity, LearningForm, MentorKind, Policy,
    Rule, RuleEffect, Unit,
};
use crate::needs::{Need, Origin};

/// Longest condition accepted, in characters.
pub const MAX_CONDITION_LEN: usize = 4_000;
/// Most `require_follow_up` rules in one policy (each is one bit of the search state).
pub const MAX_FOLLOW_UP_RULES: usize = 16;

/// A type in the small type system the conditions are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// `bool`.
    Bool,
    /// `int` (whole numbers, kroner, levels, days).
    Int,
    /// `double` (hours, weights, factors).
    Double,
    /// `string`.
    String,
    /// `list(string)`.
    StringList,
    /// `map(string, int)` (levels per competence).
    LevelMap,
}

impl FieldType {
    /// The type's name in CEL.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Bool => "bool",
            FieldType::Int => "int",
            FieldType::Double => "double",
            FieldType::String => "string",
            FieldType::StringList => "list(string)",
            FieldType::LevelMap => "map(string, int)",
        }
    }
}

/// The fields of a variable, with their types and meaning (for checks and `policy explain`).
pub fn variable_fields(variable: &str) -> &'static [(&'static str, FieldType, &'static str)] {
    use FieldType::*;
    match variable {
        "employee" => &[
            ("id", String, "pseudonymous id"),
            ("role", String, "role id"),
            ("unit", String, "unit id"),
            ("education", String, "unskilled, vocational, short_higher, medium_higher, long_higher"),
            ("languages", StringList, "languages the person learns in"),
            ("max_hours_away", Double, "the person's own cap on hours away"),
            ("wage_cost_per_hour", Int, "wage cost per hour, kroner"),
            ("levels", LevelMap, "assessed level per competence id"),
            ("target_role", String, "the role aimed for (empty when none)"),
        ],
        "unit" => &[
            ("id", String, "unit id"),
            ("name", String, "unit name"),
            ("kind", String, "municipality, department, unit, team"),
            ("department", String, "id of the department the unit belongs to"),
        ],
        "need" => &[
            ("competence", String, "competence id"),
            ("current", Int, "level now"),
            ("target", Int, "level to reach"),
            ("gap", Int, "target − current"),
            ("weight", Double, "weight per level"),
            ("mandatory", Bool, "must be closed"),
            ("days_to_deadline", Int, "days from the planning date to the deadline"),
            ("origins", StringList, "kinds of origin: role, goal, plan, wish, career, feedback"),
            ("goals", StringList, "ids of the strategic goals behind the need"),
        ],
        "goal" => &[
            ("id", String, "the first strategic goal behind the need (empty when none)"),
            ("title", String, "its title"),
        ],
        "activity" => &[
            ("id", String, "activity id"),
            ("title", String, "title"),
            ("form", String, "learning form, e.g. amu_course, buddy_training"),
            ("family", String, "course, self_study, on_the_job"),
            ("provider", String, "provider"),
            ("language", String, "language taught in"),
            ("fee", Int, "fee, kroner"),
            ("hours_away", Double, "hours away from daily work"),
            ("mentor", String, "buddy, supervisor or empty"),
            ("duration_weeks", Int, "duration in weeks"),
            ("competences", StringList, "competences it develops"),
        ],
        "step" => &[
            ("activity", String, "activity id"),
            ("form", String, "learning form"),
            ("provider", String, "provider"),
            ("hours_away", Double, "hours away"),
            ("fee", Int, "fee, kroner"),
            ("net_cost", Int, "net cost after funding, kroner"),
            ("supervised", Bool, "paired with supervision (stretch beyond the zone)"),
            ("buddy", String, "the buddy's id, empty when none"),
            ("competences", StringList, "competences the step raises"),
            ("goals", StringList, "strategic goals the step serves"),
            ("origins", StringList, "kinds of origin of the needs it serves"),
            ("effect", Double, "expected effect"),
            ("index", Int, "position in the path, from 0"),
        ],
        "path" => &[
            ("steps", Int, "number of steps"),
            ("net_cost", Int, "net cost, kroner"),
            ("gross_cost", Int, "cost before funding, kroner"),
            ("hours_away", Double, "total hours away"),
            ("effect", Double, "expected effect"),
            ("forms", StringList, "learning forms of the steps, in order"),
            ("activities", StringList, "activity ids, in order"),
            ("closes_mandatory", Bool, "closes every mandatory need"),
        ],
        "item" => &[
            ("employee", String, "employee id"),
            ("unit", String, "the employee's unit id"),
            ("steps", Int, "number of activities"),
            ("activities", StringList, "activity ids, in order"),
            ("forms", StringList, "learning forms of the activities, in order"),
            ("team_activity", Bool, "a place in a team activity"),
            ("cost", Int, "net cost, kroner (a team activity: marginal cost plus share of the fixed cost)"),
            ("effect", Double, "expected effect"),
            ("hours_away", Double, "total hours away of its activities"),
            ("funding", Int, "funding it uses, kroner"),
            ("needs_served", StringList, "competences of the needs it raises"),
            ("goals", StringList, "strategic goals behind the needs it raises"),
            ("origins", StringList, "kinds of origin of the needs it raises"),
            ("buddies", StringList, "ids of the buddies assigned to it"),
        ],
        "plan" => &[
            ("value", Double, "total expected effect"),
            ("bound", Double, "upper bound on the best plan's effect"),
            ("gap", Double, "relative gap (bound − value) / bound"),
            ("total_cost", Int, "total net cost, kroner"),
            ("has_budget", Bool, "a total budget was planned against"),
            ("budget", Int, "the total budget, kroner (0 when none)"),
            ("items", Int, "people with a plan item"),
            ("open", Int, "people with needs and no plan item"),
            ("team_activities", Int, "team activities held"),
            ("buddies_reassigned", Int, "buddy steps whose buddy the matching changed"),
            ("max_item_cost", Int, "the highest net cost of one item, kroner"),
        ],
        _ => &[],
    }
}

/// Where a rule's condition is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Once per person.
    Person,
    /// Once per need.
    Need,
    /// Once per candidate activity.
    Activity,
    /// An assertion on a step.
    Step,
    /// An assertion on a path.
    Path,
    /// An assertion on one item of the organisation plan.
    PlanItem,
    /// An assertion on the organisation plan as a whole.
    Plan,
}

impl Scope {
    /// The variables a condition in this scope may use.
    pub fn variables(self) -> &'static [&'static str] {
        match self {
            Scope::Person => &["employee", "unit"],
            Scope::Need => &["employee", "unit", "need", "goal"],
            Scope::Activity => &["employee", "unit", "activity"],
            Scope::Step => &["employee", "unit", "step", "activity"],
            Scope::Path => &["employee", "unit", "path"],
            Scope::PlanItem => &["employee", "unit", "item"],
            Scope::Plan => &["plan"],
        }
    }

    /// The scope of a rule effect.
    pub fn of_effect(effect: &RuleEffect) -> Scope {
        match effect {
            RuleEffect::Exclude | RuleEffect::RequireFollowUp { .. } | RuleEffect::EffectFactor { .. } => {
                Scope::Activity
            }
            RuleEffect::WeightFactor { .. } | RuleEffect::Mandatory => Scope::Need,
            RuleEffect::CapHours { .. } | RuleEffect::CapCost { .. } | RuleEffect::BuddySearch { .. } => {
                Scope::Person
            }
        }
    }

    /// The scope of an assertion.
    pub fn of_assertion(a: &Assertion) -> Scope {
        match a.scope {
            AssertionScope::Step => Scope::Step,
            AssertionScope::Path => Scope::Path,
            AssertionScope::PlanItem => Scope::PlanItem,
            AssertionScope::Plan => Scope::Plan,
        }
    }
}

/// The inferred type of an expression during checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Bool,
    Int,
    UInt,
    Double,
    String,
    List(Elem),
    Map,
    Record(&'static str),
    Null,
    Dyn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    String,
    Dyn,
}

impl Ty {
    fn of(f: FieldType) -> Ty {
        match f {
            FieldType::Bool => Ty::Bool,
            FieldType::Int => Ty::Int,
            FieldType::Double => Ty::Double,
            FieldType::String => Ty::String,
            FieldType::StringList => Ty::List(Elem::String),
            FieldType::LevelMap => Ty::Map,
        }
    }
    fn name(self) -> String {
        match self {
            Ty::Bool => "bool".into(),
            Ty::Int => "int".into(),
            Ty::UInt => "uint".into(),
            Ty::Double => "double".into(),
            Ty::String => "string".into(),
            Ty::List(Elem::String) => "list(string)".into(),
            Ty::List(Elem::Dyn) => "list".into(),
            Ty::Map => "map(string, int)".into(),
            Ty::Record(v) => format!("`{v}`"),
            Ty::Null => "null".into(),
            Ty::Dyn => "dyn".into(),
        }
    }
    fn numeric(self) -> bool {
        matches!(self, Ty::Int | Ty::UInt | Ty::Double | Ty::Dyn)
    }
    fn is(self, other: Ty) -> bool {
        self == other || self == Ty::Dyn || other == Ty::Dyn
    }
}

/// A type error at a node.
struct CheckError {
    id: u64,
    message: String,
}

struct Checker<'a> {
    allowed: &'a [&'static str],
    locals: Vec<(String, Ty)>,
    /// The variables the condition refers to (so a rule that reads only `activity` can be
    /// evaluated once per activity instead of once per person and activity).
    used: Vec<&'static str>,
}

impl Checker<'_> {
    fn err<T>(id: u64, message: String) -> Result<T, CheckError> {
        Err(CheckError { id, message })
    }

    fn check(&mut self, e: &IdedExpr) -> Result<Ty, CheckError> {
        match &e.expr {
            Expr::Unspecified => Ok(Ty::Dyn),
            Expr::Literal(l) => Ok(match l {
                LiteralValue::Boolean(_) => Ty::Bool,
                LiteralValue::Int(_) => Ty::Int,
                LiteralValue::UInt(_) => Ty::UInt,
                LiteralValue::Double(_) => Ty::Double,
                LiteralValue::String(_) => Ty::String,
                LiteralValue::Null => Ty::Null,
                _ => Ty::Dyn,
            }),
            Expr::Ident(name) => {
                if let Some((_, t)) = self.locals.iter().rev().find(|(n, _)| n == name) {
                    return Ok(*t);
                }
                match self.allowed.iter().find(|v| **v == name.as_str()) {
                    Some(v) => {
                        if !self.used.contains(v) {
                            self.used.push(v);
                        }
                        Ok(Ty::Record(v))
                    }
                    None => Self::err(
                        e.id,
                        format!(
                            "unknown variable `{name}`; this condition may use {}",
                            self.allowed.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                        ),
                    ),
                }
            }
            Expr::Select(s) => {
                let t = self.check(&s.operand)?;
                let field = s.field.as_str();
                let out = match t {
                    Ty::Record(v) => match variable_fields(v).iter().find(|f| f.0 == field) {
                        Some(f) => Ty::of(f.1),
                        None => {
                            let known: Vec<&str> = variable_fields(v).iter().map(|f| f.0).collect();
                            return Self::err(
                                e.id,
                                format!("unknown field `{field}` of `{v}`; known: {}", known.join(", ")),
                            );
                        }
                    },
                    Ty::Map => Ty::Int,
                    Ty::Dyn => Ty::Dyn,
                    other => return Self::err(e.id, format!("{} has no field `{field}`", other.name())),
                };
                Ok(if s.test { Ty::Bool } else { out })
            }
            Expr::List(l) => {
                let mut elem = None;
                for x in &l.elements {
                    let t = self.check(x)?;
                    elem = Some(match (elem, t) {
                        (None, Ty::String) | (Some(Elem::String), Ty::String) => Elem::String,
                        _ => Elem::Dyn,
                    });
                }
                Ok(Ty::List(elem.unwrap_or(Elem::Dyn)))
            }
            Expr::Map(m) => {
                for entry in &m.entries {
                    if let EntryExpr::MapEntry(me) = &entry.expr {
                        self.check(&me.key)?;
                        self.check(&me.value)?;
                    }
                }
                Ok(Ty::Dyn)
            }
            Expr::Struct(_) => Self::err(e.id, "message construction is not supported".into()),
            Expr::Comprehension(c) => {
                let range = self.check(&c.iter_range)?;
                let elem = match range {
                    Ty::List(Elem::String) | Ty::Map => Ty::String,
                    Ty::List(Elem::Dyn) | Ty::Dyn => Ty::Dyn,
                    other => {
                        return Self::err(c.iter_range.id, format!("cannot iterate over {}", other.name()));
                    }
                };
                let init = self.check(&c.accu_init)?;
                let base = self.locals.len();
                self.locals.push((c.iter_var.clone(), elem));
                if let Some(v2) = &c.iter_var2 {
                    self.locals.push((v2.clone(), Ty::Dyn));
                }
                // The accumulator starts as `init`'s type; steps may change list element types.
                let accu = if matches!(init, Ty::Bool) { Ty::Bool } else { Ty::Dyn };
                self.locals.push((c.accu_var.clone(), accu));
                let r = (|| {
                    self.check(&c.loop_cond)?;
                    self.check(&c.loop_step)?;
                    self.check(&c.result)
                })();
                self.locals.truncate(base);
                r
            }
            Expr::Call(call) => self.call(e.id, call),
        }
    }

    fn call(&mut self, id: u64, call: &cel::common::ast::CallExpr) -> Result<Ty, CheckError> {
        let f = call.func_name.as_str();
        let target = match &call.target {
            Some(t) => Some(self.check(t)?),
            None => None,
        };
        let mut args = Vec::with_capacity(call.args.len());
        for a in &call.args {
            args.push(self.check(a)?);
        }
        let arity = |n: usize| -> Result<(), CheckError> {
            if args.len() == n {
                Ok(())
            } else {
                Self::err(id, format!("`{}` takes {n} argument(s), not {}", pretty(f), args.len()))
            }
        };
        let mismatch = |what: &str| -> Result<Ty, CheckError> {
            let types: Vec<String> = target.iter().chain(args.iter()).map(|t| t.name()).collect();
            Self::err(id, format!("wrong type: `{}` {what}, got {}", pretty(f), types.join(" and ")))
        };
        match f {
            operators::LOGICAL_AND | operators::LOGICAL_OR => {
                arity(2)?;
                if args.iter().all(|t| t.is(Ty::Bool)) {
                    Ok(Ty::Bool)
                } else {
                    mismatch("needs bool operands")
                }
            }
            operators::LOGICAL_NOT | operators::NOT_STRICTLY_FALSE => {
                arity(1)?;
                if args[0].is(Ty::Bool) { Ok(Ty::Bool) } else { mismatch("needs a bool") }
            }
            operators::EQUALS | operators::NOT_EQUALS => {
                arity(2)?;
                let (a, b) = (args[0], args[1]);
                if a.is(b) || (a.numeric() && b.numeric()) || a == Ty::Null || b == Ty::Null {
                    Ok(Ty::Bool)
                } else {
                    mismatch("compares values of one type")
                }
            }
            operators::LESS | operators::LESS_EQUALS | operators::GREATER | operators::GREATER_EQUALS => {
                arity(2)?;
                let (a, b) = (args[0], args[1]);
                if (a.numeric() && b.numeric()) || (a.is(Ty::String) && b.is(Ty::String)) {
                    Ok(Ty::Bool)
                } else {
                    mismatch("compares two numbers or two strings")
                }
            }
            operators::ADD => {
                arity(2)?;
                match (args[0], args[1]) {
                    (Ty::String, Ty::String) => Ok(Ty::String),
                    (Ty::List(x), Ty::List(y)) => Ok(Ty::List(if x == y { x } else { Elem::Dyn })),
                    (a, b) if a == b && a.numeric() => Ok(a),
                    (Ty::Dyn, b) | (b, Ty::Dyn) if b.numeric() || b == Ty::String => Ok(Ty::Dyn),
                    _ => mismatch("adds two numbers of one type (write 37.0 for a double), strings or lists"),
                }
            }
            operators::SUBSTRACT | operators::MULTIPLY | operators::DIVIDE | operators::MODULO => {
                arity(2)?;
                match (args[0], args[1]) {
                    (a, b) if a == b && a.numeric() && !(f == operators::MODULO && a == Ty::Double) => Ok(a),
                    (Ty::Dyn, b) | (b, Ty::Dyn) if b.numeric() => Ok(Ty::Dyn),
                    _ => mismatch("needs two numbers of one type (write 37.0 for a double)"),
                }
            }
            operators::NEGATE => {
                arity(1)?;
                if matches!(args[0], Ty::Int | Ty::Double | Ty::Dyn) {
                    Ok(args[0])
                } else {
                    mismatch("needs a number")
                }
            }
            operators::CONDITIONAL => {
                arity(3)?;
                if !args[0].is(Ty::Bool) {
                    return mismatch("needs a bool condition");
                }
                if args[1] == args[2] { Ok(args[1]) } else { Ok(Ty::Dyn) }
            }
            operators::INDEX => {
                arity(2)?;
                match (args[0], args[1]) {
                    (Ty::List(e), b) if b.is(Ty::Int) => {
                        Ok(if e == Elem::String { Ty::String } else { Ty::Dyn })
                    }
                    (Ty::Map, b) if b.is(Ty::String) => Ok(Ty::Int),
                    (Ty::Dyn, _) => Ok(Ty::Dyn),
                    _ => mismatch("indexes a list by int or a map by string"),
                }
            }
            operators::IN => {
                arity(2)?;
                match (args[0], args[1]) {
                    (a, Ty::List(Elem::String)) if a.is(Ty::String) => Ok(Ty::Bool),
                    (_, Ty::List(Elem::Dyn)) | (_, Ty::Dyn) => Ok(Ty::Bool),
                    (a, Ty::Map) if a.is(Ty::String) => Ok(Ty::Bool),
                    _ => mismatch("tests membership in a list or map"),
                }
            }
            "size" => {
                let subject = match (target, args.as_slice()) {
                    (Some(t), []) => t,
                    (None, [a]) => *a,
                    _ => return Self::err(id, "`size` takes one value".into()),
                };
                if matches!(subject, Ty::String | Ty::List(_) | Ty::Map | Ty::Dyn) {
                    Ok(Ty::Int)
                } else {
                    mismatch("measures a string, list or map")
                }
            }
            "contains" | "startsWith" | "endsWith" => {
                arity(1)?;
                match (target, args[0]) {
                    (Some(t), a) if t.is(Ty::String) && a.is(Ty::String) => Ok(Ty::Bool),
                    _ => mismatch("is called on a string with a string, e.g. s.contains(\"x\")"),
                }
            }
            "int" | "double" | "string" => {
                if target.is_some() {
                    return Self::err(id, format!("`{f}` is a function, not a method"));
                }
                arity(1)?;
                Ok(match f {
                    "int" => Ty::Int,
                    "double" => Ty::Double,
                    _ => Ty::String,
                })
            }
            "min" | "max" => {
                if target.is_some() {
                    return Self::err(id, format!("`{f}` is a function, not a method"));
                }
                if args.is_empty() || !args.iter().all(|t| t.numeric()) {
                    return mismatch("takes numbers");
                }
                Ok(if args.windows(2).all(|w| w[0] == w[1]) { args[0] } else { Ty::Dyn })
            }
            _ => Self::err(id, format!("unknown function `{f}`")),
        }
    }
}

fn pretty(f: &str) -> &str {
    match f {
        operators::LOGICAL_AND => "&&",
        operators::LOGICAL_OR => "||",
        operators::LOGICAL_NOT => "!",
        operators::EQUALS => "==",
        operators::NOT_EQUALS => "!=",
        operators::LESS => "<",
        operators::LESS_EQUALS => "<=",
        operators::GREATER => ">",
        operators::GREATER_EQUALS => ">=",
        operators::ADD => "+",
        operators::SUBSTRACT => "-",
        operators::MULTIPLY => "*",
        operators::DIVIDE => "/",
        operators::MODULO => "%",
        operators::NEGATE => "-",
        operators::CONDITIONAL => "?:",
        operators::INDEX => "[]",
        operators::IN => "in",
        other => other,
    }
}

/// Line and column (both from 1) of character offset `at` in `source`.
fn line_col(source: &str, at: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for (i, ch) in source.chars().enumerate() {
        if i >= at {
            break;
        }
        if ch == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Compiles one condition for `scope`: parse, then type-check. The error is a message starting
/// with `line:column`.
fn compile(source: &str, scope: Scope) -> Result<Program, String> {
    compile_with_uses(source, scope).map(|(p, _)| p)
}

/// [`compile`], also returning the variables the condition refers to.
fn compile_with_uses(source: &str, scope: Scope) -> Result<(Program, Vec<&'static str>), String> {
    let n = source.chars().count();
    if n > MAX_CONDITION_LEN {
        return Err(format!(
            "1:1: the condition has {n} characters; at most {MAX_CONDITION_LEN} are allowed"
        ));
    }
    if source.trim().is_empty() {
        return Err("1:1: the condition is empty".into());
    }
    // The parser recurses on nesting; reject absurd depths before it sees them.
    let mut depth = 0i64;
    let mut max_depth = 0i64;
    for ch in source.chars() {
        match ch {
            '(' | '[' | '{' => {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    if max_depth > 32 {
        return Err("1:1: the condition nests brackets more than 32 deep".into());
    }
    let program = match std::panic::catch_unwind(|| Program::compile(source)) {
        Ok(Ok(p)) => p,
        Ok(Err(errors)) => {
            let msgs: Vec<String> = errors
                .errors
                .iter()
                .map(|e| format!("{}:{}: syntax error: {}", e.pos.0.max(1), e.pos.1.max(0) + 1, e.msg))
                .collect();
            return Err(if msgs.is_empty() { "1:1: syntax error".into() } else { msgs.join("; ") });
        }
        Err(_) => return Err("1:1: the condition could not be parsed".into()),
    };
    let mut checker = Checker { allowed: scope.variables(), locals: Vec::new(), used: Vec::new() };
    match checker.check(program.expression()) {
        Ok(t) if t.is(Ty::Bool) => Ok((program, checker.used)),
        Ok(t) => {
            let (l, c) = (1, 1);
            Err(format!("{l}:{c}: wrong type: the condition gives {}, it must give bool", t.name()))
        }
        Err(e) => {
            let at = program.source_info().offset_for(e.id).map_or(0, |(s, _)| s as usize);
            let (l, c) = line_col(source, at);
            Err(format!("{l}:{c}: {}", e.message))
        }
    }
}

/// Every problem with the policy's rules and assertions: conditions that do not compile, effect
/// parameters out of range, duplicate ids.
pub(crate) fn problems(policy: &Policy) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut follow_ups = 0usize;
    for (i, r) in policy.rules.iter().enumerate() {
        if r.id.trim().is_empty() {
            out.push(Problem::new(format!("rules[{i}].id"), "\"\"", "a rule needs an id"));
        } else if !seen.insert(r.id.as_str()) {
            out.push(Problem::new(
                format!("rules[{i}].id"),
                crate::error::json_string(&r.id),
                format!("duplicate rule id {:?}", r.id),
            ));
        }
        if let Err(m) = compile(&r.condition, Scope::of_effect(&r.effect)) {
            out.push(Problem::new(
                format!("rules[{i}].condition"),
                crate::error::json_string(&r.condition),
                format!("rule {:?}: {m}", r.id),
            ));
        }
        let bad_factor = |x: f64| !x.is_finite() || !(0.0..=1000.0).contains(&x);
        match &r.effect {
            RuleEffect::EffectFactor { factor } | RuleEffect::WeightFactor { factor }
                if bad_factor(*factor) =>
            {
                out.push(Problem::new(
                    format!("rules[{i}].effect.factor"),
                    factor.to_string(),
                    format!("rule {:?}: a factor must be a number in 0..=1000", r.id),
                ));
            }
            RuleEffect::CapHours { hours } if !hours.is_finite() || *hours < 0.0 => {
                out.push(Problem::new(
                    format!("rules[{i}].effect.hours"),
                    hours.to_string(),
                    format!("rule {:?}: hours must be a number ≥ 0", r.id),
                ));
            }
            RuleEffect::CapCost { kroner } if *kroner < 0 => {
                out.push(Problem::new(
                    format!("rules[{i}].effect.kroner"),
                    kroner.to_string(),
                    format!("rule {:?}: a cost cap must be ≥ 0 kroner", r.id),
                ));
            }
            RuleEffect::RequireFollowUp { .. } => {
                follow_ups += 1;
                if follow_ups == MAX_FOLLOW_UP_RULES + 1 {
                    out.push(Problem::new(
                        format!("rules[{i}].effect"),
                        "require_follow_up",
                        format!("at most {MAX_FOLLOW_UP_RULES} require_follow_up rules are allowed"),
                    ));
                }
            }
            _ => {}
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, a) in policy.assertions.iter().enumerate() {
        if a.id.trim().is_empty() {
            out.push(Problem::new(format!("assertions[{i}].id"), "\"\"", "an assertion needs an id"));
        } else if !seen.insert(a.id.as_str()) {
            out.push(Problem::new(
                format!("assertions[{i}].id"),
                crate::error::json_string(&a.id),
                format!("duplicate assertion id {:?}", a.id),
            ));
        }
        if let Err(m) = compile(&a.condition, Scope::of_assertion(a)) {
            out.push(Problem::new(
                format!("assertions[{i}].condition"),
                crate::error::json_string(&a.condition),
                format!("assertion {:?}: {m}", a.id),
            ));
        }
    }
    out
}

/// One compiled rule or assertion.
struct Compiled {
    /// Position in `policy.rules` (or `policy.assertions`).
    index: usize,
    cond: Condition,
}

/// A condition (or one conjunct of one), and its native compilation where that is used and the
/// condition is in the native subset (see `native`).
struct Condition {
    expr: IdedExpr,
    native: Option<native::Node>,
}

impl Condition {
    /// Evaluated by the interpreter only (conditions decided once per activity, assertions).
    fn interpreted(expr: &IdedExpr) -> Condition {
        Condition { expr: expr.clone(), native: None }
    }

    /// Evaluated natively when it can be (conditions evaluated per person, need or candidate).
    fn compiled(expr: &IdedExpr) -> Condition {
        Condition { native: native::compile(expr), expr: expr.clone() }
    }

    /// True when the condition gives `true` in the interpreter's context `ctx`.
    fn holds_in(&self, ctx: &Context) -> bool {
        gives_true(&self.expr, ctx)
    }

    /// True when the condition gives `true`: natively over `facts`, or else in the interpreter's
    /// context that `cel` makes (called only then, so the context is built only when needed).
    fn holds<'x, 'p: 'x, 'v: 'p>(
        &self,
        facts: &native::Facts,
        cel: impl FnOnce() -> &'x Context<'p, 'v>,
    ) -> bool {
        match &self.native {
            Some(n) => native::holds(n, facts),
            None => gives_true(&self.expr, cel()),
        }
    }
}

/// An activity rule whose condition reads `employee` or `unit`, split into its top-level
/// conjuncts (`a && b && …`) by what each reads, so that the path search's screening evaluates
/// almost nothing per person × candidate: conjuncts reading only the person are evaluated once
/// per person ([`CompiledRules::person_effects`]), those reading only the activity once per
/// activity when the engine is built, and only the conjuncts reading both per candidate — and
/// only when the others hold.
///
/// Exact: a rule applies when its condition gives `true` ([`gives_true`]), and CEL's `&&` gives `true`
/// exactly when both sides give `true` (`false` or an error otherwise, whichever side is
/// evaluated first), so the rule applies exactly when every conjunct gives `true`.
struct SplitRule {
    /// Position in `policy.rules`.
    index: usize,
    /// Conjuncts reading only `employee` and `unit`.
    person: Vec<Condition>,
    /// Whether every conjunct reading only `activity` (or nothing) holds, by catalog position.
    activity: Vec<bool>,
    /// Conjuncts reading `activity` and the person.
    mixed: Vec<Condition>,
}

impl SplitRule {
    /// Splits a compiled activity-scoped condition into its conjuncts, classified by the
    /// variables they read, and decides the activity-only ones for every activity.
    fn new(index: usize, condition: &IdedExpr, env: &Arc<cel::Env>, activities: &[Value]) -> SplitRule {
        let mut conjuncts = Vec::new();
        conjuncts_of(condition, &mut conjuncts);
        let mut rule = SplitRule { index, person: Vec::new(), activity: Vec::new(), mixed: Vec::new() };
        let mut activity_only = Vec::new();
        for c in conjuncts {
            let mut checker =
                Checker { allowed: Scope::Activity.variables(), locals: Vec::new(), used: Vec::new() };
            // The whole condition type-checked, so each conjunct does too; were one not to, it is
            // kept per candidate, where the whole condition used to be evaluated.
            let checked = checker.check(c).is_ok();
            let reads_activity = checker.used.contains(&"activity");
            let reads_person = checker.used.iter().any(|v| matches!(*v, "employee" | "unit"));
            match (checked, reads_person, reads_activity) {
                (true, true, false) => rule.person.push(Condition::compiled(c)),
                (true, false, _) => activity_only.push(c),
                _ => rule.mixed.push(Condition::compiled(c)),
            }
        }
        rule.activity = activities
            .iter()
            .map(|value| {
                let mut ctx = Context::with_env(Arc::clone(env));
                ctx.add_variable_from_value("activity", value.clone());
                activity_only.iter().all(|c| gives_true(c, &ctx))
            })
            .collect();
        rule
    }
}

/// The top-level conjuncts of `e`, left to right (`e` itself when it is not a conjunction).
fn conjuncts_of<'e>(e: &'e IdedExpr, out: &mut Vec<&'e IdedExpr>) {
    match &e.expr {
        Expr::Call(call) if call.func_name == operators::LOGICAL_AND && call.target.is_none() => {
            for arg in &call.args {
                conjuncts_of(arg, out);
            }
        }
        _ => out.push(e),
    }
}

/// True when `e` gives `true` in `ctx`; errors and other values give `false`.
fn gives_true(e: &IdedExpr, ctx: &Context) -> bool {
    matches!(Value::resolve(e, ctx), Ok(Value::Bool(true)))
}

/// The policy's rules and assertions, compiled once; shared by every query of an engine.
pub struct CompiledRules {
    env: Arc<cel::Env>,
    person: Vec<Compiled>,
    need: Vec<Compiled>,
    /// Activity rules whose condition reads `employee` or `unit`, split into conjuncts (see
    /// [`SplitRule`]); what is left is evaluated per person and candidate, before the search.
    activity: Vec<SplitRule>,
    /// Activity rules whose condition reads only `activity`: evaluated once per activity when
    /// the engine is built (their decisions are in `activity_static`).
    activity_only: Vec<Compiled>,
    /// The decisions of `activity_only`, by catalog position.
    activity_static: Vec<StaticEffects>,
    step: Vec<Compiled>,
    path: Vec<Compiled>,
    item: Vec<Compiled>,
    plan: Vec<Compiled>,
    /// Activity values, by catalog position, built once.
    activity_values: Vec<Value>,
    /// Position of each `require_follow_up` rule among them (its bit), by rule position.
    follow_up_bit: Vec<Option<u32>>,
}

impl fmt::Debug for CompiledRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompiledRules")
            .field("person", &self.person.len())
            .field("need", &self.need.len())
            .field("activity", &self.activity.len())
            .field("activity_only", &self.activity_only.len())
            .field("step", &self.step.len())
            .field("path", &self.path.len())
            .field("item", &self.item.len())
            .field("plan", &self.plan.len())
            .finish()
    }
}

/// One person as the rules see them: `employee` and `unit`. Natively compiled conditions read
/// the documents directly; the interpreter's context (with the variables built as CEL values) is
/// made only when a condition outside the native subset, or an assertion, needs it.
pub struct PersonScope<'a> {
    env: Arc<cel::Env>,
    employee: &'a Employee,
    unit: Option<&'a Unit>,
    department: &'a str,
    cel: OnceCell<Context<'static, 'static>>,
}

impl fmt::Debug for PersonScope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonScope").field("employee", &self.employee.id).finish()
    }
}

impl<'a> PersonScope<'a> {
    /// The interpreter's context holding `employee` and `unit` (built on first use).
    pub fn cel(&self) -> &Context<'static, 'static> {
        self.cel.get_or_init(|| {
            let mut ctx = Context::with_env(Arc::clone(&self.env));
            ctx.add_variable_from_value("employee", employee_value(self.employee));
            ctx.add_variable_from_value("unit", unit_value(self.unit, self.department));
            ctx
        })
    }

    fn facts(&self) -> native::Facts<'a> {
        native::Facts {
            employee: Some(self.employee),
            unit: Some((self.unit, self.department)),
            ..Default::default()
        }
    }
}

/// What the person-scoped rules decide for one person.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonEffects {
    /// Lowest `cap_hours` that applies, with the rule id.
    pub cap_hours: Option<(f64, String)>,
    /// Lowest `cap_cost` that applies, with the rule id.
    pub cap_cost: Option<(i64, String)>,
    /// The last `buddy_search` that applies.
    pub buddy_search: Option<BuddySearch>,
    /// For each activity rule that reads the person, in rule order: whether its person-only
    /// conjuncts hold for this person (when not, the rule is never evaluated per candidate).
    activity_rules_on: Vec<bool>,
}

/// What the activity-scoped rules decide for one person and one activity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityEffects {
    /// The first `exclude` rule that applies.
    pub excluded_by: Option<String>,
    /// Product of the `effect_factor`s that apply (1 when none).
    pub effect_factor: f64,
    /// Bits of the `require_follow_up` rules that apply (see [`CompiledRules::follow_up_forms`]).
    pub requires: u32,
}

/// The decisions of the activity-only rules for one activity, computed when the engine is built.
#[derive(Debug, Clone, Copy)]
struct StaticEffects {
    /// Position (in `policy.rules`) of the first `exclude` rule that applies.
    excluded_at: Option<usize>,
    effect_factor: f64,
    requires: u32,
}

fn s(x: &str) -> Value {
    Value::String(Arc::new(x.to_owned()))
}

fn list<'a>(xs: impl IntoIterator<Item = &'a str>) -> Value {
    Value::List(Arc::new(xs.into_iter().map(s).collect()))
}

fn record(fields: Vec<(&'static str, Value)>) -> Value {
    let map: HashMap<Key, Value> =
        fields.into_iter().map(|(k, v)| (Key::String(Arc::new(k.to_owned())), v)).collect();
    Value::Map(cel::objects::Map { map: Arc::new(map) })
}

/// The `employee` value.
pub fn employee_value(e: &Employee) -> Value {
    let levels: HashMap<Key, Value> =
        e.levels.iter().map(|(k, v)| (Key::String(Arc::new(k.clone())), Value::Int(i64::from(*v)))).collect();
    record(vec![
        ("id", s(&e.id)),
        ("role", s(&e.role)),
        ("unit", s(&e.unit)),
        ("education", s(e.education.as_str())),
        (
            "languages",
            if e.languages.is_empty() { list(["da"]) } else { list(e.languages.iter().map(String::as_str)) },
        ),
        ("max_hours_away", Value::Float(e.max_hours_away)),
        ("wage_cost_per_hour", Value::Int(e.wage_cost_per_hour)),
        ("levels", Value::Map(cel::objects::Map { map: Arc::new(levels) })),
        ("target_role", s(e.target_role.as_deref().unwrap_or(""))),
    ])
}

/// The `unit` value; `department` is the id of the unit's department.
pub fn unit_value(u: Option<&Unit>, department: &str) -> Value {
    match u {
        Some(u) => record(vec![
            ("id", s(&u.id)),
            ("name", s(&u.name)),
            ("kind", s(u.kind.as_str())),
            ("department", s(department)),
        ]),
        None => record(vec![("id", s("")), ("name", s("")), ("kind", s("")), ("department", s(""))]),
    }
}

/// The `activity` value.
pub fn activity_value(a: &LearningActivity) -> Value {
    record(vec![
        ("id", s(&a.id)),
        ("title", s(&a.title)),
        ("form", s(a.form.as_str())),
        ("family", s(a.form.family().as_str())),
        ("provider", s(&a.provider)),
        ("language", s(&a.language)),
        ("fee", Value::Int(a.fee)),
        ("hours_away", Value::Float(a.hours_away)),
        (
            "mentor",
            s(match a.mentor {
                Some(MentorKind::Buddy) => "buddy",
                Some(MentorKind::Supervisor) => "supervisor",
                None => "",
            }),
        ),
        ("duration_weeks", Value::Int(i64::from(a.duration_weeks))),
        ("competences", list(a.develops.iter().map(|d| d.competence.as_str()))),
    ])
}

/// Ids of the strategic goals among a need's origins, in origin order.
pub fn need_goals(n: &Need) -> Vec<&str> {
    n.origins
        .iter()
        .filter_map(|o| match o {
            Origin::Goal { goal, .. } => Some(goal.as_str()),
            _ => None,
        })
        .collect()
}

/// Kinds of a need's origins (`role`, `goal`, `plan`, `wish`, `career`), in origin order.
pub fn need_origin_kinds(n: &Need) -> Vec<&'static str> {
    n.origins.iter().map(Origin::kind).collect()
}

fn need_values(n: &Need, as_of: crate::model::Date) -> (Value, Value) {
    let goal = n.origins.iter().find_map(|o| match o {
        Origin::Goal { goal, title, .. } => Some((goal.as_str(), title.as_str())),
        _ => None,
    });
    let need = record(vec![
        ("competence", s(&n.competence)),
        ("current", Value::Int(i64::from(n.current))),
        ("target", Value::Int(i64::from(n.target))),
        ("gap", Value::Int(i64::from(n.gap()))),
        ("weight", Value::Float(n.weight)),
        ("mandatory", Value::Bool(n.mandatory)),
        ("days_to_deadline", Value::Int(as_of.days_until(n.deadline))),
        ("origins", list(need_origin_kinds(n))),
        ("goals", list(need_goals(n))),
    ]);
    let (id, title) = goal.unwrap_or(("", ""));
    (need, record(vec![("id", s(id)), ("title", s(title))]))
}

impl CompiledRules {
    /// Compiles the policy's rules and assertions. Call only on a validated policy: a condition
    /// that does not compile is left out here (validation reports it).
    pub(crate) fn build(policy: &Policy, catalog: &crate::model::Catalog) -> CompiledRules {
        let mut c = CompiledRules {
            env: Arc::new(cel::Env::stdlib()),
            person: Vec::new(),
            need: Vec::new(),
            activity: Vec::new(),
            activity_only: Vec::new(),
            activity_static: Vec::new(),
            step: Vec::new(),
            path: Vec::new(),
            item: Vec::new(),
            plan: Vec::new(),
            activity_values: Vec::new(),
            follow_up_bit: vec![None; policy.rules.len()],
        };
        let mut bit = 0u32;
        let mut person_activity: Vec<(usize, Program)> = Vec::new();
        for (index, r) in policy.rules.iter().enumerate() {
            let scope = Scope::of_effect(&r.effect);
            let Ok((program, uses)) = compile_with_uses(&r.condition, scope) else { continue };
            if matches!(r.effect, RuleEffect::RequireFollowUp { .. }) {
                if bit as usize >= MAX_FOLLOW_UP_RULES {
                    continue;
                }
                c.follow_up_bit[index] = Some(bit);
                bit += 1;
            }
            let person_free = !uses.iter().any(|v| matches!(*v, "employee" | "unit"));
            let expr = program.expression();
            match scope {
                Scope::Person => c.person.push(Compiled { index, cond: Condition::compiled(expr) }),
                Scope::Need => c.need.push(Compiled { index, cond: Condition::compiled(expr) }),
                _ if person_free => {
                    c.activity_only.push(Compiled { index, cond: Condition::interpreted(expr) })
                }
                _ => person_activity.push((index, program)),
            }
        }
        for (index, a) in policy.assertions.iter().enumerate() {
            let scope = Scope::of_assertion(a);
            let Ok(program) = compile(&a.condition, scope) else { continue };
            let assertion = Compiled { index, cond: Condition::interpreted(program.expression()) };
            match scope {
                Scope::Path => c.path.push(assertion),
                Scope::PlanItem => c.item.push(assertion),
                Scope::Plan => c.plan.push(assertion),
                _ => c.step.push(assertion),
            }
        }
        if !(c.activity_only.is_empty() && person_activity.is_empty()) {
            c.activity_values = catalog.activities.iter().map(activity_value).collect();
        }
        if !c.activity_only.is_empty() {
            let statics: Vec<StaticEffects> = c
                .activity_values
                .iter()
                .map(|value| {
                    let mut ctx = Context::with_env(Arc::clone(&c.env));
                    ctx.add_variable_from_value("activity", value.clone());
                    let mut out = StaticEffects { excluded_at: None, effect_factor: 1.0, requires: 0 };
                    c.apply_activity_rules(policy, &c.activity_only, &ctx, &mut out);
                    out
                })
                .collect();
            c.activity_static = statics;
        }
        c.activity = person_activity
            .iter()
            .map(|(index, program)| SplitRule::new(*index, program.expression(), &c.env, &c.activity_values))
            .collect();
        c
    }

    /// Evaluates activity rules in `ctx` (which holds `activity`), folding their decisions into
    /// `out`.
    fn apply_activity_rules(
        &self,
        policy: &Policy,
        rules: &[Compiled],
        ctx: &Context,
        out: &mut StaticEffects,
    ) {
        for c in rules {
            if c.cond.holds_in(ctx) {
                self.apply_activity_effect(policy, c.index, out);
            }
        }
    }

    /// Folds the effect of the activity rule at `index` (which applies) into `out`: the first
    /// exclusion by rule position, factors multiplied, follow-up bits set.
    fn apply_activity_effect(&self, policy: &Policy, index: usize, out: &mut StaticEffects) {
        match &policy.rules[index].effect {
            RuleEffect::Exclude => {
                out.excluded_at = Some(out.excluded_at.map_or(index, |e| e.min(index)));
            }
            RuleEffect::EffectFactor { factor } => out.effect_factor *= factor,
            RuleEffect::RequireFollowUp { .. } => {
                if let Some(b) = self.follow_up_bit[index] {
                    out.requires |= 1 << b;
                }
            }
            _ => {}
        }
    }

    /// True when there are no rules (the recommender then skips every evaluation).
    pub fn has_rules(&self) -> bool {
        !(self.person.is_empty() && self.need.is_empty() && !self.has_activity_rules())
    }

    /// True when there are activity-scoped rules.
    pub fn has_activity_rules(&self) -> bool {
        !(self.activity.is_empty() && self.activity_only.is_empty())
    }

    /// True when there are assertions over the organisation plan (items or the whole plan).
    pub fn has_plan_assertions(&self) -> bool {
        !(self.item.is_empty() && self.plan.is_empty())
    }

    /// The forms of the `require_follow_up` rules, by bit.
    pub fn follow_up_forms(&self, policy: &Policy) -> Vec<LearningForm> {
        let mut out = Vec::new();
        for (i, b) in self.follow_up_bit.iter().enumerate() {
            if let (Some(_), Some(RuleEffect::RequireFollowUp { form })) =
                (b, policy.rules.get(i).map(|r| &r.effect))
            {
                out.push(*form);
            }
        }
        out
    }

    /// The `require_follow_up` rule behind follow-up bit `bit`.
    pub fn follow_up_rule<'p>(&self, policy: &'p Policy, bit: u32) -> Option<&'p Rule> {
        let i = self.follow_up_bit.iter().position(|b| *b == Some(bit))?;
        policy.rules.get(i)
    }

    /// The person's scope (`employee` and `unit`), made once per person.
    pub fn person_context<'a>(
        &self,
        employee: &'a Employee,
        unit: Option<&'a Unit>,
        department: &'a str,
    ) -> PersonScope<'a> {
        PersonScope { env: Arc::clone(&self.env), employee, unit, department, cel: OnceCell::new() }
    }

    /// The person-scoped rules' decisions.
    pub fn person_effects(&self, policy: &Policy, scope: &PersonScope) -> PersonEffects {
        let mut out = PersonEffects::default();
        let facts = scope.facts();
        for c in &self.person {
            if !c.cond.holds(&facts, || scope.cel()) {
                continue;
            }
            let rule: &Rule = &policy.rules[c.index];
            match &rule.effect {
                RuleEffect::CapHours { hours } if out.cap_hours.as_ref().is_none_or(|(h, _)| hours < h) => {
                    out.cap_hours = Some((*hours, rule.id.clone()));
                }
                RuleEffect::CapCost { kroner } if out.cap_cost.as_ref().is_none_or(|(k, _)| kroner < k) => {
                    out.cap_cost = Some((*kroner, rule.id.clone()));
                }
                RuleEffect::BuddySearch { search } => out.buddy_search = Some(*search),
                _ => {}
            }
        }
        out.activity_rules_on =
            self.activity.iter().map(|r| r.person.iter().all(|c| c.holds(&facts, || scope.cel()))).collect();
        out
    }

    /// Applies the need-scoped rules to a person's needs (weights, mandatory), re-ranking them.
    pub fn apply_to_needs(
        &self,
        policy: &Policy,
        scope: &PersonScope,
        as_of: crate::model::Date,
        needs: &mut [Need],
    ) {
        if self.need.is_empty() {
            return;
        }
        for n in needs.iter_mut() {
            let mut factor = 1.0;
            let mut mandatory = false;
            {
                let facts = native::Facts { need: Some((n, as_of.days_until(n.deadline))), ..scope.facts() };
                // The interpreter's context for this need, made only if a rule needs it.
                let mut inner: Option<Context> = None;
                for c in &self.need {
                    let applies = c.cond.holds(&facts, || {
                        inner.get_or_insert_with(|| {
                            let (need, goal) = need_values(n, as_of);
                            let mut inner = scope.cel().new_inner_scope();
                            inner.add_variable_from_value("need", need);
                            inner.add_variable_from_value("goal", goal);
                            inner
                        })
                    });
                    if !applies {
                        continue;
                    }
                    match &policy.rules[c.index].effect {
                        RuleEffect::WeightFactor { factor: f } => factor *= f,
                        RuleEffect::Mandatory => mandatory = true,
                        _ => {}
                    }
                }
            }
            if factor != 1.0 {
                n.weight *= factor;
                n.weighted_gap = n.weight * f64::from(n.gap());
            }
            n.mandatory |= mandatory;
        }
        // The needs analysis's own ranking: weighted gap ↓, deadline ↑, competence id.
        needs.sort_by(|a, b| {
            b.weighted_gap
                .total_cmp(&a.weighted_gap)
                .then(a.deadline.cmp(&b.deadline))
                .then_with(|| a.competence.cmp(&b.competence))
        });
    }

    /// The activity-scoped rules' decisions for `activity`, at catalog position `a`: the
    /// activity-only rules' decisions computed when the engine was built, combined with the
    /// rules that also read `employee` or `unit` — of those, what the person (`scope`, with
    /// `person` from [`CompiledRules::person_effects`] on it) and the activity decide alone is
    /// already known; only conjuncts reading both are evaluated here.
    pub fn activity_effects(
        &self,
        policy: &Policy,
        scope: &PersonScope,
        person: &PersonEffects,
        a: usize,
        activity: &LearningActivity,
    ) -> ActivityEffects {
        let mut out = self.activity_static.get(a).copied().unwrap_or(StaticEffects {
            excluded_at: None,
            effect_factor: 1.0,
            requires: 0,
        });
        let facts = native::Facts { activity: Some(activity), ..scope.facts() };
        // The interpreter's context with this activity, made only if a conjunct needs it.
        let mut inner: Option<Context> = None;
        for (r, on) in self.activity.iter().zip(&person.activity_rules_on) {
            if !*on || r.activity.get(a) != Some(&true) {
                continue;
            }
            let applies = r.mixed.iter().all(|c| {
                c.holds(&facts, || {
                    inner.get_or_insert_with(|| {
                        let mut inner = scope.cel().new_inner_scope();
                        inner.add_variable_from_value("activity", self.activity_values[a].clone());
                        inner
                    })
                })
            });
            if !applies {
                continue;
            }
            self.apply_activity_effect(policy, r.index, &mut out);
        }
        ActivityEffects {
            excluded_by: out.excluded_at.and_then(|i| policy.rules.get(i)).map(|r| r.id.clone()),
            effect_factor: out.effect_factor,
            requires: out.requires,
        }
    }

    /// Ids of the step assertions violated by a step (`step` and `activity` values given).
    pub fn violated_step_assertions(
        &self,
        policy: &Policy,
        ctx: &Context,
        step: Value,
        activity: Value,
    ) -> Vec<String> {
        let mut inner = ctx.new_inner_scope();
        inner.add_variable_from_value("step", step);
        inner.add_variable_from_value("activity", activity);
        violated(policy, &self.step, &inner)
    }

    /// Ids of the path assertions violated by a path (its `path` value given).
    pub fn violated_path_assertions(&self, policy: &Policy, ctx: &Context, path: Value) -> Vec<String> {
        let mut inner = ctx.new_inner_scope();
        inner.add_variable_from_value("path", path);
        violated(policy, &self.path, &inner)
    }

    /// Ids of the plan-item assertions violated by an item (its `item` value given; `ctx` holds
    /// the item's `employee` and `unit`).
    pub fn violated_item_assertions(&self, policy: &Policy, ctx: &Context, item: Value) -> Vec<String> {
        let mut inner = ctx.new_inner_scope();
        inner.add_variable_from_value("item", item);
        violated(policy, &self.item, &inner)
    }

    /// Ids of the plan assertions violated by an organisation plan (its `plan` value given).
    pub fn violated_plan_assertions(&self, policy: &Policy, plan: Value) -> Vec<String> {
        let mut ctx = Context::with_env(Arc::clone(&self.env));
        ctx.add_variable_from_value("plan", plan);
        violated(policy, &self.plan, &ctx)
    }
}

/// Ids of the assertions in `list` that do not hold in `ctx`.
fn violated(policy: &Policy, list: &[Compiled], ctx: &Context) -> Vec<String> {
    list.iter().filter(|c| !c.cond.holds_in(ctx)).map(|c| policy.assertions[c.index].id.clone()).collect()
}

/// The `item` value of an organisation-plan item, for plan-item assertions. `hours_away` is the
/// sum of its activities' hours; `needs` are the person's needs (for goals and origins).
pub fn item_value(item: &crate::plan::organisation::PlanItem, hours_away: f64, needs: &[Need]) -> Value {
    let mut goals: Vec<&str> = Vec::new();
    let mut origins: Vec<&str> = Vec::new();
    for c in &item.needs_served {
        if let Some(n) = needs.iter().find(|n| &n.competence == c) {
            for x in need_goals(n) {
                if !goals.contains(&x) {
                    goals.push(x);
                }
            }
            for x in need_origin_kinds(n) {
                if !origins.contains(&x) {
                    origins.push(x);
                }
            }
        }
    }
    let forms = item.steps.iter().map(|s| s.form.as_str());
    record(vec![
        ("employee", s(&item.employee)),
        ("unit", s(&item.unit)),
        ("steps", Value::Int(item.steps.len() as i64)),
        ("activities", list(item.steps.iter().map(|s| s.activity.as_str()))),
        ("forms", list(forms)),
        ("team_activity", Value::Bool(item.team_activity)),
        ("cost", Value::Int(item.cost)),
        ("effect", Value::Float(item.effect)),
        ("hours_away", Value::Float(hours_away)),
        ("funding", Value::Int(item.funding.iter().fold(0i64, |a, f| a.saturating_add(f.amount)))),
        ("needs_served", list(item.needs_served.iter().map(String::as_str))),
        ("goals", list(goals)),
        ("origins", list(origins)),
        ("buddies", list(item.steps.iter().filter_map(|s| s.buddy.as_ref().map(|b| b.employee.as_str())))),
    ])
}

/// The `plan` value of an organisation plan, for plan assertions.
pub fn plan_value(plan: &crate::plan::OrganisationPlan) -> Value {
    record(vec![
        ("value", Value::Float(plan.value)),
        ("bound", Value::Float(plan.bound)),
        ("gap", Value::Float(plan.gap)),
        ("total_cost", Value::Int(plan.total_cost)),
        ("has_budget", Value::Bool(plan.budget.is_some())),
        ("budget", Value::Int(plan.budget.unwrap_or(0))),
        ("items", Value::Int(plan.items.len() as i64)),
        ("open", Value::Int(plan.open.len() as i64)),
        ("team_activities", Value::Int(plan.team_activities.len() as i64)),
        ("buddies_reassigned", Value::Int(plan.buddies_reassigned as i64)),
        ("max_item_cost", Value::Int(plan.items.iter().map(|i| i.cost).max().unwrap_or(0))),
    ])
}

/// The `step` value of step `index` of a recommended path, for step assertions.
pub fn step_value(step: &crate::recommend::Step, index: usize, provider: &str, needs: &[Need]) -> Value {
    let mut goals: Vec<&str> = Vec::new();
    let mut origins: Vec<&str> = Vec::new();
    for g in &step.gains {
        if let Some(n) = needs.iter().find(|n| n.competence == g.competence) {
            for x in need_goals(n) {
                if !goals.contains(&x) {
                    goals.push(x);
                }
            }
            for x in need_origin_kinds(n) {
                if !origins.contains(&x) {
                    origins.push(x);
                }
            }
        }
    }
    record(vec![
        ("activity", s(&step.activity)),
        ("form", s(step.form.as_str())),
        ("provider", s(provider)),
        ("hours_away", Value::Float(step.hours_away)),
        ("fee", Value::Int(step.fee)),
        ("net_cost", Value::Int(step.net_cost)),
        ("supervised", Value::Bool(step.supervised)),
        ("buddy", s(step.buddy.as_ref().map_or("", |b| b.employee.as_str()))),
        ("competences", list(step.gains.iter().map(|g| g.competence.as_str()))),
        ("goals", list(goals)),
        ("origins", list(origins)),
        ("effect", Value::Float(step.effect)),
        ("index", Value::Int(index as i64)),
    ])
}

/// The `path` value of a recommended path, for path assertions.
pub fn path_value(path: &crate::recommend::LearningPath) -> Value {
    let forms = path.steps.iter().map(|s| s.form.as_str());
    record(vec![
        ("steps", Value::Int(path.steps.len() as i64)),
        ("net_cost", Value::Int(path.net_cost)),
        ("gross_cost", Value::Int(path.gross_cost)),
        ("hours_away", Value::Float(path.hours_away)),
        ("effect", Value::Float(path.effect)),
        ("forms", list(forms)),
        ("activities", list(path.steps.iter().map(|s| s.activity.as_str()))),
        ("closes_mandatory", Value::Bool(path.closes_mandatory)),
    ])
}

mod native;
#[cfg(test)]
mod tests;
