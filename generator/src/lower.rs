//! Lower the schemas: a checked openapiv3 document's schemas → the IR's types. Every component schema becomes a named type; an
//! inline schema becomes a named type when Rust needs one (an object with properties, a string enum,
//! a union), named after its parent and field, and a plain type expression otherwise.

use crate::carried::{Carried, Rest};
use crate::codes::Code;
use crate::constraints;
use crate::diagnostics::{child_pointer, unescape_token, Diagnostic, Diagnostics};
use crate::ir::{
    Additional, Applied, Check, DefaultValue, Direction, Field, Shape, Ty, TypeDef, UnionVariant, Variant,
};
use crate::names::{field_name, type_name, variant_name, Scope};
use crate::openapi31::{APPLICATORS, TUPLE};
use crate::resolve::component_name;
use crate::schema_view::{SchemaRef, SchemaView};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The state of one lowering: the document, the type names handed out, the types built so far.
pub struct Lowerer<'d> {
    /// The document being lowered.
    pub doc: &'d OpenAPI,
    /// Diagnostics found while lowering (unsupported constructs, unchecked formats).
    pub diags: &'d mut Diagnostics,
    carried: &'d Carried,
    scope: Scope,
    components: IndexMap<String, String>,
    nullable_types: HashSet<String>,
    /// The components defined as structs (see [`Lowerer::judge_struct_component`]).
    struct_components: HashSet<String>,
    types: Vec<TypeDef>,
    noted_formats: BTreeSet<String>,
    /// What was already reported once (see [`Lowerer::note_once`]).
    noted: HashSet<String>,
    /// Read YAML request bodies (see [`crate::Options::yaml_bodies`]).
    pub yaml_bodies: bool,
    /// Read XML request bodies (see [`crate::Options::xml_bodies`]).
    pub xml_bodies: bool,
    /// Inline schemas are lowered into checks only, never into types: the sub-schemas of the
    /// applicators, which no value is read into (see [`Lowerer::applied_checks`]).
    checks_only: bool,
}

impl<'d> Lowerer<'d> {
    /// A lowering of `doc`, its component names claimed (so that references resolve whatever their
    /// order) but no type built yet.
    pub fn new(doc: &'d OpenAPI, carried: &'d Carried, diags: &'d mut Diagnostics) -> Self {
        let mut scope = Scope::default();
        let mut components = IndexMap::new();
        let mut nullable_types = HashSet::new();
        if let Some(c) = &doc.components {
            // Names first, so that references resolve whatever their order.
            for (name, schema) in &c.schemas {
                let base = type_name(name);
                let rust = scope.claim(&base);
                if rust != base {
                    let first = components
                        .iter()
                        .find(|(_, r)| **r == base)
                        .map_or(String::new(), |(n, _): (&String, &String)| n.clone());
                    diags.push(
                        Diagnostic::warning(Code::NameClash,
                            child_pointer("/components/schemas", name),
                            format!("schemas `{first}` and `{name}` both become the Rust type `{base}`; this one is named `{rust}`"),
                        )
                        .with_hint("rename one of them if the generated name matters to you"),
                    );
                }
                if let ReferenceOr::Item(s) = schema {
                    if s.schema_data.nullable {
                        nullable_types.insert(rust.clone());
                    }
                }
                components.insert(name.clone(), rust);
            }
        }
        let mut lowerer = Lowerer {
            doc,
            carried,
            diags,
            scope,
            components,
            nullable_types,
            struct_components: HashSet::new(),
            types: Vec::new(),
            noted_formats: BTreeSet::new(),
            noted: HashSet::new(),
            yaml_bodies: true,
            xml_bodies: true,
            checks_only: false,
        };
        let mut judged = HashMap::new();
        let names: Vec<&String> = lowerer.components.keys().collect();
        let structs =
            names.into_iter().filter(|name| lowerer.judge_struct_component(name, &mut judged)).cloned().collect();
        lowerer.struct_components = structs;
        lowerer
    }

    /// `ty` as a named type: itself when it is one, else a new newtype around it carrying `check`
    /// (so that a body of any schema has a validator of its own).
    pub fn named(&mut self, ty: Ty, check: Check, hint: &str, doc: String) -> Ty {
        if let Ty::Named(_) = ty {
            return ty;
        }
        let name = self.scope.claim(&type_name(hint));
        self.types.push(TypeDef {
            name: name.clone(),
            schema_name: hint.to_string(),
            is_component: false,
            doc,
            shape: Shape::Newtype(ty),
            check,
            alias_of: None,
        });
        Ty::Named(name)
    }

    /// True the first time `key` is seen: a problem that many operations share (one error
    /// schema) is reported once.
    pub fn note_once(&mut self, key: String) -> bool {
        self.noted.insert(key)
    }

    /// Reserves a type name for a generated item that is not a schema (inputs, outputs, credentials).
    pub fn claim_name(&mut self, base: &str) -> String {
        self.scope.claim(&type_name(base))
    }

    /// The types built so far, taken out, with recursive fields boxed.
    pub fn take_types(&mut self) -> Vec<TypeDef> {
        let mut types = std::mem::take(&mut self.types);
        crate::recursion::box_recursive_fields(&mut types);
        types
    }

    /// Lowers every component schema to its named type.
    pub fn lower_components(&mut self) {
        let Some(c) = &self.doc.components else { return };
        for (name, schema) in &c.schemas {
            let rust = self.components[name].clone();
            let pointer = child_pointer("/components/schemas", name);
            match schema {
                ReferenceOr::Reference { reference } => {
                    let (ty, check) = self.lower_ref(reference, &pointer);
                    self.types.push(TypeDef {
                        name: rust,
                        schema_name: name.clone(),
                        is_component: true,
                        doc: format!("The `{name}` schema, the same as `{reference}`."),
                        shape: Shape::Newtype(ty),
                        check,
                        alias_of: None,
                    });
                }
                ReferenceOr::Item(s) => self.define(rust, name.clone(), s, &pointer, true),
            }
        }
    }

    /// The type and check of a schema position. `hint` names the type if one must be made.
    pub fn lower_schema(&mut self, schema: SchemaRef<'d>, hint: &str, pointer: &str) -> (Ty, Check) {
        let s = match schema {
            SchemaRef::Ref(reference) => return self.lower_ref(reference, pointer),
            SchemaRef::Inline(s) => s,
        };
        let view = SchemaView::of(s);
        if let Some(referenced) = self.described_reference(&view, pointer) {
            return referenced;
        }
        if needs_named_type(&view, self) && !self.checks_only {
            let name = self.scope.claim(&type_name(hint));
            let nullable = view.data.nullable;
            self.define(name.clone(), hint.to_string(), s, pointer, false);
            return (self.nullable(Ty::Named(name.clone()), nullable), Check::reference(name));
        }
        let mut check = self.base_check(&view, pointer);
        let ty = self.anonymous_ty(&view, hint, pointer, &mut check);
        (self.nullable(ty, view.data.nullable), check)
    }

    /// The type and check of `allOf: [$ref]` with nothing beside it but what describes (a
    /// description, a title, `nullable`), the common way to attach a description to a reference
    /// (and `allOf: [$ref, {description: ..}]`, as APIs.guru's AWS documents write every property).
    fn described_reference(&mut self, view: &SchemaView<'d>, pointer: &str) -> Option<(Ty, Check)> {
        let reference = annotated_reference(&view.all_of).filter(|_| !has_own_keywords(view))?;
        let (ty, mut check) = self.lower_ref(reference, &format!("{pointer}/allOf/0"));
        // `nullable` beside the reference admits `null` besides the referenced schema's values.
        check.nullable |= view.data.nullable;
        Some((self.nullable(ty, view.data.nullable), check))
    }

    fn nullable(&self, ty: Ty, nullable: bool) -> Ty {
        match ty {
            Ty::Option(_) | Ty::Json => ty,
            _ if nullable => Ty::Option(Box::new(ty)),
            _ => ty,
        }
    }

    fn lower_ref(&mut self, reference: &str, pointer: &str) -> (Ty, Check) {
        match component_name(reference, "schemas").and_then(|name| self.components.get(&name)) {
            Some(rust) => {
                let ty = Ty::Named(rust.clone());
                let ty = if self.nullable_types.contains(rust) { Ty::Option(Box::new(ty)) } else { ty };
                (ty, Check::reference(rust.clone()))
            }
            None => {
                self.diags.push(
                    Diagnostic::error(
                        Code::NotASchemaRef,
                        child_pointer(pointer, "$ref"),
                        format!("`{reference}` does not name a schema under #/components/schemas"),
                    )
                    .with_hint("only local references to component schemas are supported here"),
                );
                (Ty::Json, Check::default())
            }
        }
    }

    /// The type of an inline schema that needs no name of its own, filling in its checks.
    fn anonymous_ty(&mut self, view: &SchemaView<'d>, hint: &str, pointer: &str, check: &mut Check) -> Ty {
        let (item, additional) = self.fill_checks(view, hint, pointer, check, true);
        let composed = !(view.all_of.is_empty() && view.any_of.is_empty() && view.one_of.is_empty());
        match view.ty {
            Some("string") => Ty::String,
            Some("boolean") => Ty::Bool,
            Some("integer") => integer_ty(view.format),
            Some("number") if view.format == Some("float") => Ty::F32,
            Some("number") => Ty::F64,
            Some("array") => Ty::Vec(Box::new(item.unwrap_or(Ty::Json))),
            Some("object") | None if !composed => match (view.ty, additional) {
                (_, Some(value)) => Ty::Map(Box::new(value)),
                (Some("object"), None) => Ty::Map(Box::new(Ty::Json)),
                _ => Ty::Json,
            },
            _ => Ty::Json,
        }
    }

    /// The type of an already lowered schema position, without lowering it again: references,
    /// types defined under `hint`, and plain types.
    fn type_only(&self, schema: SchemaRef<'d>, hint: &str) -> Ty {
        match schema {
            SchemaRef::Ref(reference) => {
                match component_name(reference, "schemas").and_then(|n| self.components.get(&n)) {
                    Some(rust) => Ty::Named(rust.clone()),
                    None => Ty::Json,
                }
            }
            SchemaRef::Inline(s) => {
                let view = SchemaView::of(s);
                let ty = if needs_named_type(&view, self) {
                    self.types
                        .iter()
                        .rev()
                        .find(|t| t.schema_name == hint)
                        .map_or(Ty::Json, |t| Ty::Named(t.name.clone()))
                } else {
                    match view.ty {
                        Some("string") => Ty::String,
                        Some("boolean") => Ty::Bool,
                        Some("integer") => integer_ty(view.format),
                        Some("number") if view.format == Some("float") => Ty::F32,
                        Some("number") => Ty::F64,
                        Some("array") => Ty::Vec(Box::new(
                            view.items.map_or(Ty::Json, |items| self.type_only(items, &format!("{hint}Item"))),
                        )),
                        _ => Ty::Json,
                    }
                };
                self.nullable(ty, view.data.nullable)
            }
        }
    }

    /// Defines the named type `rust` for the inline or component schema `s`.
    fn define(&mut self, rust: String, schema_name: String, s: &'d Schema, pointer: &str, is_component: bool) {
        let slot = self.types.len();
        let view = SchemaView::of(s);
        let doc = doc_text(&view, &schema_name);
        self.types.push(TypeDef {
            name: rust.clone(),
            schema_name: schema_name.clone(),
            is_component,
            doc: doc.clone(),
            shape: Shape::Newtype(Ty::Json),
            check: Check::default(),
            alias_of: None,
        });
        let mut check = self.base_check(&view, pointer);
        let shape = if view.is_struct() || self.is_object_all_of(&view) {
            Shape::Struct(self.struct_fields(&view, &rust, pointer, &mut check))
        } else if view.is_string_enum() {
            self.fill_checks(&view, &rust, pointer, &mut check, true);
            Shape::Enum(enum_variants(&view))
        } else if !view.one_of.is_empty() || !view.any_of.is_empty() {
            self.fill_checks(&view, &rust, pointer, &mut check, true);
            let branches = if view.one_of.is_empty() { &view.any_of } else { &view.one_of };
            let branches = branches.clone();
            Shape::Union(self.union_variants(&branches, &rust))
        } else if let Some((ty, referenced)) = self.described_reference(&view, pointer) {
            // A component that is a described reference holds the referenced type, as a `$ref`
            // component does, rather than any JSON checked against it.
            check = referenced;
            Shape::Newtype(ty)
        } else {
            let ty = self.anonymous_ty(&view, &rust, pointer, &mut check);
            let ty = match ty {
                Ty::Json => Ty::Json,
                other => self.nullable(other, view.data.nullable),
            };
            Shape::Newtype(ty)
        };
        self.types[slot] = TypeDef { name: rust, schema_name, is_component, doc, shape, check, alias_of: None };
    }

    /// True when `view` is an `allOf` whose every branch is an object this generator types as a
    /// struct, so that the whole is one struct with the branches flattened in.
    fn is_object_all_of(&self, view: &SchemaView<'d>) -> bool {
        all_of_objects(view, |name| self.struct_components.contains(name))
    }

    /// Whether the component `name` is defined as a struct (see [`Self::define`]): an object, or
    /// an `allOf` of such objects, referenced ones included, as deep as the inheritance goes
    /// (AppVeyor's `RoleWithGroups` of `Role` of `Timestamped`). Judged once per component
    /// (`judged`: `None` while being judged, so that an `allOf` cycle, whose type could never be
    /// built, is no struct).
    fn judge_struct_component(&self, name: &str, judged: &mut HashMap<String, Option<bool>>) -> bool {
        match judged.get(name) {
            Some(verdict) => return verdict.unwrap_or(false),
            None => judged.insert(name.to_string(), None),
        };
        let nullable = self.components.get(name).is_some_and(|rust| self.nullable_types.contains(rust));
        let schema = self.doc.components.as_ref().and_then(|c| c.schemas.get(name));
        let is_struct = match schema {
            Some(ReferenceOr::Item(s)) if !nullable => {
                let view = SchemaView::of(s);
                view.is_struct() || all_of_objects(&view, |branch| self.judge_struct_component(branch, judged))
            }
            _ => false,
        };
        judged.insert(name.to_string(), Some(is_struct));
        is_struct
    }

    /// Fields of an object (its own properties, then those of inline `allOf` branches; referenced
    /// branches are flattened in), filling in the checks.
    fn struct_fields(&mut self, view: &SchemaView<'d>, rust: &str, pointer: &str, check: &mut Check) -> Vec<Field> {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        self.property_fields(view, rust, pointer, check, &mut scope, &mut fields);
        for (i, branch) in view.all_of.iter().enumerate() {
            let branch_pointer = format!("{pointer}/allOf/{i}");
            let (ty, branch_check) = match *branch {
                SchemaRef::Ref(r) => {
                    let (ty, c) = self.lower_ref(r, &branch_pointer);
                    let name = match &ty {
                        Ty::Named(n) => field_name(n),
                        _ => format!("all_of_{i}"),
                    };
                    fields.push(Field {
                        name: scope.claim(&name),
                        wire: String::new(),
                        doc: format!("The properties of `{r}` (flattened)."),
                        ty: ty.clone(),
                        required: true,
                        nullable: false,
                        default: None,
                        flattened: true,
                    });
                    (ty, c)
                }
                SchemaRef::Inline(s) => {
                    let bview = SchemaView::of(s);
                    let mut bcheck = self.base_check(&bview, &branch_pointer);
                    self.property_fields(&bview, rust, &branch_pointer, &mut bcheck, &mut scope, &mut fields);
                    self.fill_checks(&bview, rust, &branch_pointer, &mut bcheck, false);
                    (Ty::Json, bcheck)
                }
            };
            let _ = ty;
            check.all_of.push(branch_check);
        }
        let (_, additional) = self.fill_checks(view, rust, pointer, check, false);
        if let Some(value) = additional {
            fields.push(Field {
                name: scope.claim("additional_properties"),
                wire: String::new(),
                doc: "Properties not declared by the schema, by name.".to_string(),
                ty: Ty::Map(Box::new(value)),
                required: true,
                nullable: false,
                default: None,
                flattened: true,
            });
        }
        fields
    }

    fn property_fields(
        &mut self,
        view: &SchemaView<'d>,
        rust: &str,
        pointer: &str,
        check: &mut Check,
        scope: &mut Scope,
        fields: &mut Vec<Field>,
    ) {
        for (wire, prop) in &view.properties {
            let prop_pointer = child_pointer(&child_pointer(pointer, "properties"), wire);
            let hint = format!("{rust}{}", type_name(wire));
            let (ty, prop_check) = self.lower_schema(*prop, &hint, &prop_pointer);
            check.properties.push((wire.to_string(), prop_check));
            let listed = view.required.iter().any(|r| r == wire);
            let one_way = constraints::one_way(self.doc, *prop).filter(|_| listed);
            let required = listed && one_way.is_none();
            let (mut doc, default) = self.property_doc(*prop, wire);
            match one_way {
                Some(Direction::Request) => doc.push_str("\n\nRequired of requests (`writeOnly`)."),
                Some(Direction::Response) => doc.push_str("\n\nRequired of responses (`readOnly`)."),
                _ => {}
            }
            let default = default.filter(|_| !required).and_then(|value| self.typed_default(&ty, value));
            // An optional property whose schema takes `null` (one with no `type`) reads it as absent.
            let nullable = matches!(ty, Ty::Option(_) | Ty::Json)
                || (!required && default.is_none() && crate::schema_view::admits_null(self.doc, *prop));
            let ty = match (required || default.is_some(), ty) {
                (_, Ty::Json) => Ty::Json,
                (true, ty) => ty,
                (false, ty @ Ty::Option(_)) => ty,
                (false, ty) => Ty::Option(Box::new(ty)),
            };
            // The same property in the object and an `allOf` branch (or two branches): one field,
            // and both schemas' checks (pushed above) apply to its value.
            if let Some(existing) = fields.iter_mut().find(|f| !f.flattened && f.wire == *wire) {
                if required && !existing.required {
                    existing.required = true;
                    if let (Ty::Option(inner), false) = (&existing.ty, matches!(ty, Ty::Option(_))) {
                        existing.ty = (**inner).clone();
                        existing.default = None;
                    }
                }
                continue;
            }
            let base = field_name(wire);
            let name = scope.claim(&base);
            if name != base {
                self.diags.push(Diagnostic::warning(Code::NameClash,
                    prop_pointer.clone(),
                    format!("property `{wire}` becomes the Rust field `{base}`, like an earlier property; it is named `{name}`"),
                ));
            }
            fields.push(Field { name, wire: wire.to_string(), doc, ty, required, nullable, default, flattened: false });
        }
    }

    /// The default as the field's own type can hold it, when it can: scalars of the right kind and
    /// values of string enums.
    fn typed_default(&self, ty: &Ty, value: Value) -> Option<DefaultValue> {
        let fits = match (ty, &value) {
            (Ty::String, Value::String(_)) | (Ty::Bool, Value::Bool(_)) => true,
            (Ty::I32, Value::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            (Ty::I64, Value::Number(n)) => n.is_i64(),
            (Ty::U64, Value::Number(n)) => n.is_u64(),
            // A literal the type cannot hold would not compile (`1e300` as an `f32`).
            (Ty::F32, Value::Number(n)) => n.as_f64().is_some_and(|f| (f as f32).is_finite()),
            (Ty::F64, Value::Number(n)) => n.as_f64().is_some_and(f64::is_finite),
            (Ty::Named(name), Value::String(wire)) => {
                let variant = self.types.iter().find(|t| &t.name == name).and_then(|t| match &t.shape {
                    Shape::Enum(variants) => variants.iter().find(|v| &v.wire == wire).map(|v| v.name.clone()),
                    _ => None,
                });
                return variant.map(DefaultValue::Variant);
            }
            _ => false,
        };
        fits.then_some(DefaultValue::Literal(value))
    }

    fn property_doc(&self, prop: SchemaRef<'d>, wire: &str) -> (String, Option<Value>) {
        match prop {
            SchemaRef::Inline(s) => {
                let view = SchemaView::of(s);
                let mut doc = match doc_text(&view, wire) {
                    fallback if fallback.ends_with("` schema.") => format!("The `{wire}` property."),
                    doc => doc,
                };
                if let Some(default) = &s.schema_data.default {
                    doc.push_str(&format!("\n\nDefault: `{default}`."));
                }
                (doc, s.schema_data.default.clone())
            }
            SchemaRef::Ref(r) => {
                let target = r.rsplit('/').next().unwrap_or(r);
                (format!("The `{wire}` property, of type `{}`.", unescape_token(target)), None)
            }
        }
    }

    fn union_variants(&mut self, branches: &[SchemaRef<'d>], rust: &str) -> Vec<UnionVariant> {
        let mut scope = Scope::default();
        branches
            .iter()
            .enumerate()
            .map(|(i, branch)| {
                let ty = self.type_only(*branch, &format!("{rust}Variant{i}"));
                let base = match &ty {
                    Ty::Named(n) => n.clone(),
                    other => ty_label(other).to_string(),
                };
                UnionVariant { name: scope.claim(&base), ty }
            })
            .collect()
    }

    /// Lowers the sub-schemas of `view` into `check`: properties (when `properties` is set),
    /// `items`, `additionalProperties`, the compositions and `not`. Answers the item type and the
    /// additional-property type, each lowered exactly once.
    fn fill_checks(
        &mut self,
        view: &SchemaView<'d>,
        hint: &str,
        pointer: &str,
        check: &mut Check,
        properties: bool,
    ) -> (Option<Ty>, Option<Ty>) {
        if properties {
            for (wire, prop) in &view.properties {
                let prop_pointer = child_pointer(&child_pointer(pointer, "properties"), wire);
                let (_, c) = self.lower_schema(*prop, &format!("{hint}{}", type_name(wire)), &prop_pointer);
                check.properties.push((wire.to_string(), c));
            }
            check.all_of = self.branch_checks(&view.all_of, hint, pointer, "allOf");
        }
        let mut additional = None;
        if let Some(AdditionalProperties::Schema(s)) = view.additional {
            let (ty, c) = self.lower_schema(
                s.as_ref().into(),
                &format!("{hint}Value"),
                &format!("{pointer}/additionalProperties"),
            );
            check.additional = Additional::Schema(Box::new(c));
            additional = Some(ty);
        }
        check.any_of = self.branch_checks(&view.any_of, hint, pointer, "anyOf");
        check.one_of = self.branch_checks(&view.one_of, hint, pointer, "oneOf");
        let mut item = None;
        if let Some(items) = view.items {
            let (ty, c) = self.lower_schema(items, &format!("{hint}Item"), &format!("{pointer}/items"));
            check.items = Some(Box::new(c));
            item = Some(ty);
        }
        if let Some(not) = view.not {
            let (_, c) = self.lower_schema(not, &format!("{hint}Not"), &format!("{pointer}/not"));
            check.not = Some(Box::new(c));
        }
        self.tuple_checks(view, hint, pointer, check);
        self.applied_checks(view, hint, pointer, check);
        // The undeclared properties whose names a pattern matches are not of the
        // `additionalProperties` schema: the map of undeclared properties holds them as JSON.
        let patterned = check.applied.as_ref().is_some_and(|a| !a.pattern_properties.is_empty());
        if patterned && additional.is_some() {
            additional = Some(Ty::Json);
        }
        (item, additional)
    }

    /// A 3.1 schema's applicators (`contains`, `propertyNames`, `patternProperties`,
    /// `dependentRequired`, `dependentSchemas`, `if`/`then`/`else`, `unevaluatedProperties`,
    /// `unevaluatedItems`): each sub-schema lowered at its
    /// written place, named after the schema and the keyword.
    fn applied_checks(&mut self, view: &SchemaView<'d>, hint: &str, pointer: &str, check: &mut Check) {
        let carried = self.carried;
        let Some(written) = view.data.extensions.get(APPLICATORS).and_then(|a| carried.applicators(a)) else {
            return;
        };
        // No value is read into these sub-schemas: a type of their own (and its serde impls) would
        // only cost compile time. Their checks are emitted inline; references stay references.
        let outer = std::mem::replace(&mut self.checks_only, true);
        let mut lower = |schema: &'d ReferenceOr<Schema>, name: &str, at: &str| {
            self.lower_schema(schema.into(), &format!("{hint}{name}"), &format!("{pointer}{at}")).1
        };
        let mut applied = Applied {
            contains: written.contains.as_ref().map(|schema| {
                let min = written.min_contains.unwrap_or(1);
                (lower(schema, "Contains", "/contains"), min, written.max_contains)
            }),
            property_names: written.property_names.as_ref().map(|s| lower(s, "PropertyName", "/propertyNames")),
            // A property that requires nothing checks nothing.
            dependent_required: written
                .dependent_required
                .iter()
                .filter(|(_, needed)| !needed.is_empty())
                .cloned()
                .collect(),
            ..Applied::default()
        };
        for (i, (pattern, schema)) in written.pattern_properties.iter().enumerate() {
            let at = child_pointer("/patternProperties", pattern);
            applied.pattern_properties.push((pattern.clone(), lower(schema, &format!("Matching{i}"), &at)));
        }
        for (name, schema) in &written.dependent_schemas {
            let at = child_pointer("/dependentSchemas", name);
            applied.dependent_schemas.push((name.clone(), lower(schema, &format!("When{}", type_name(name)), &at)));
        }
        // `then` and `else` both absent: `if` decides nothing, but what it evaluates when it passes
        // counts for `unevaluated*`.
        let decides = written.then.is_some() || written.else_.is_some() || carried.evaluates();
        if let Some(condition) = written.if_.as_ref().filter(|_| decides) {
            let condition = lower(condition, "If", "/if");
            let then = written.then.as_ref().map(|s| lower(s, "Then", "/then"));
            let otherwise = written.else_.as_ref().map(|s| lower(s, "Else", "/else"));
            applied.conditional = Some((condition, then, otherwise));
        }
        applied.unevaluated_properties =
            written.unevaluated_properties.as_ref().map(|s| lower(s, "Unevaluated", "/unevaluatedProperties"));
        applied.unevaluated_items =
            written.unevaluated_items.as_ref().map(|s| lower(s, "UnevaluatedItem", "/unevaluatedItems"));
        self.checks_only = outer;
        if applied != Applied::default() {
            check.applied = Some(Box::new(applied));
        }
    }

    /// A 3.1 tuple's checks: one per leading item, then the rest's (its items stay JSON values).
    fn tuple_checks(&mut self, view: &SchemaView<'d>, hint: &str, pointer: &str, check: &mut Check) {
        let carried = self.carried;
        let Some((prefix, rest)) = view.data.extensions.get(TUPLE).and_then(|t| carried.tuple(t)) else {
            return;
        };
        for (i, item) in prefix.iter().enumerate() {
            let (_, c) =
                self.lower_schema(item.into(), &format!("{hint}Item{i}"), &format!("{pointer}/prefixItems/{i}"));
            check.prefix_items.push(c);
        }
        match rest {
            Rest::Open => {}
            Rest::Closed => check.closed_tuple = true,
            Rest::Schema(schema) => {
                let (_, c) =
                    self.lower_schema(schema.as_ref().into(), &format!("{hint}Rest"), &format!("{pointer}/items"));
                check.items = Some(Box::new(c));
            }
        }
    }

    fn branch_checks(&mut self, branches: &[SchemaRef<'d>], hint: &str, pointer: &str, keyword: &str) -> Vec<Check> {
        branches
            .iter()
            .enumerate()
            .map(|(i, b)| self.lower_schema(*b, &format!("{hint}Variant{i}"), &format!("{pointer}/{keyword}/{i}")).1)
            .collect()
    }

    /// The keywords of a schema that need no sub-schema ([`constraints::base_check`]); a format
    /// nobody checks is noted once per name.
    fn base_check(&mut self, view: &SchemaView<'d>, pointer: &str) -> Check {
        let (mut check, unchecked_format) = constraints::base_check(view, self.doc);
        // `additionalProperties: true` differs from its absence only to `unevaluatedProperties`:
        // elsewhere it is the same check, and compares equal to it.
        if check.additional == Additional::Allowed && !self.carried.evaluates() {
            check.additional = Additional::Any;
        }
        if let Some(format) = unchecked_format {
            if self.noted_formats.insert(format.to_string()) {
                self.diags.push(Diagnostic::note(
                    Code::UncheckedFormat,
                    child_pointer(pointer, "format"),
                    format!("format `{format}` is accepted without being checked (unknown formats are annotations)"),
                ));
            }
        }
        check
    }
}

/// True when `view` is an `allOf`, and nothing else composed, whose referenced branches are
/// components `is_struct` says are and whose inline ones are objects: with properties, or bare
/// (`{type: object}` beside a base, as Azure and Betfair write a subtype, or `{required: [id]}`),
/// which add no field but keep their checks. One branch at least has fields.
fn all_of_objects(view: &SchemaView<'_>, mut is_struct: impl FnMut(&str) -> bool) -> bool {
    let mut fields = false;
    let objects = view.all_of.iter().all(|branch| match branch {
        SchemaRef::Ref(r) => {
            fields = true;
            component_name(r, "schemas").is_some_and(|name| is_struct(&name))
        }
        SchemaRef::Inline(s) => {
            let branch = SchemaView::of(s);
            fields |= branch.is_struct();
            branch.is_struct() || branch.is_bare_object()
        }
    });
    objects && fields && view.one_of.is_empty() && view.any_of.is_empty()
}

/// The reference of an `allOf` that holds one reference and, beside it, only schemas that
/// describe without constraining (`description`, `title`, `example`, `deprecated`, ...).
fn annotated_reference<'d>(all_of: &[SchemaRef<'d>]) -> Option<&'d str> {
    let mut reference = None;
    for branch in all_of {
        match branch {
            SchemaRef::Ref(r) if reference.is_none() => reference = Some(*r),
            SchemaRef::Inline(schema) => {
                let view = SchemaView::of(schema);
                let data = view.data;
                let says_more = has_own_keywords(&view)
                    || !view.all_of.is_empty()
                    || data.nullable
                    || data.default.is_some()
                    || data.discriminator.is_some();
                if says_more {
                    return None;
                }
            }
            SchemaRef::Ref(_) => return None,
        }
    }
    reference
}

/// True when the schema says more than its `allOf` (descriptions, defaults and `nullable` aside):
/// then `allOf: [$ref]` beside it is not just a reference.
fn has_own_keywords(view: &SchemaView<'_>) -> bool {
    view.ty.is_some()
        || view.format.is_some()
        || view.pattern.is_some()
        || view.min_length.is_some()
        || view.max_length.is_some()
        || view.minimum.is_some()
        || view.maximum.is_some()
        || view.multiple_of.is_some()
        || !view.required.is_empty()
        || view.min_properties.is_some()
        || view.max_properties.is_some()
        || view.min_items.is_some()
        || view.max_items.is_some()
        || view.unique_items
        || !view.properties.is_empty()
        || view.items.is_some()
        || !view.enumeration.is_empty()
        || !view.any_of.is_empty()
        || !view.one_of.is_empty()
        || view.not.is_some()
        || view.additional.is_some()
}

fn needs_named_type(view: &SchemaView<'_>, lowerer: &Lowerer<'_>) -> bool {
    view.is_struct()
        || view.is_string_enum()
        || (view.enumeration.is_empty() && (!view.one_of.is_empty() || !view.any_of.is_empty()) && view.ty.is_none())
        || lowerer.is_object_all_of(view)
}

fn integer_ty(format: Option<&str>) -> Ty {
    match format {
        Some("int32" | "int16" | "int8" | "uint8" | "uint16") => Ty::I32,
        Some("uint64" | "uint") => Ty::U64,
        _ => Ty::I64,
    }
}

fn enum_variants(view: &SchemaView<'_>) -> Vec<Variant> {
    let mut scope = Scope::default();
    view.enumeration
        .iter()
        .filter_map(Value::as_str)
        .map(|wire| Variant { name: scope.claim(&variant_name(wire)), wire: wire.to_string() })
        .collect()
}

fn ty_label(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Boolean",
        Ty::I32 | Ty::I64 | Ty::U64 => "Integer",
        Ty::F32 | Ty::F64 => "Number",
        Ty::Json => "Json",
        Ty::Vec(_) => "Array",
        Ty::Map(_) => "Map",
        Ty::Named(_) => "Named",
        Ty::Option(_) => "Nullable",
        Ty::Boxed(_) => "Boxed",
    }
}

/// The doc comment of a schema: its description, else its title, else a sentence naming it.
pub fn doc_text(view: &SchemaView<'_>, name: &str) -> String {
    // A reference described beside it (`allOf: [$ref, {description: ..}]`) has its description in
    // a branch.
    let beside = || {
        annotated_reference(&view.all_of)?;
        view.all_of.iter().find_map(|branch| match branch {
            SchemaRef::Inline(schema) => own(&schema.schema_data),
            SchemaRef::Ref(_) => None,
        })
    };
    own(view.data).or_else(beside).map_or_else(|| format!("The `{name}` schema."), str::to_string)
}

/// A schema's own description, else its title, trimmed; `None` when empty.
fn own(data: &openapiv3::SchemaData) -> Option<&str> {
    data.description.as_deref().or(data.title.as_deref()).map(str::trim).filter(|d| !d.is_empty())
}
