import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common/enums/request-method.enum';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { Role } from '@rampart/contracts';

import { PUBLIC_ROUTE, REQUIRED_ROLE } from '../../src/auth/auth.decorators';

export interface RegisteredRoute {
  method: string;
  /** Express pattern as registered, e.g. `/api/v1/runs/:id`. */
  path: string;
  /** Null when Express has the route but no Nest controller declares it (Swagger UI). */
  nest: null | { public: boolean; role: Role; takesBody: boolean; takesQuery: boolean };
}

const UNPREFIXED = new Set(['health', 'metrics']);

/**
 * Every route the HTTP server really answers, read from Express's router, each joined to what
 * its Nest handler declares (public, least role, body, query).
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const declared = nestDeclarations(app);
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };

  const routes: RegisteredRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) {
      const key = `${method.toUpperCase()} ${layer.route.path}`;
      routes.push({
        method: method.toUpperCase(),
        path: layer.route.path,
        nest: declared.get(key) ?? null,
      });
    }
  }
  return routes;
}

function nestDeclarations(
  app: INestApplication,
): Map<string, NonNullable<RegisteredRoute['nest']>> {
  const found = new Map<string, NonNullable<RegisteredRoute['nest']>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const base = Reflect.getMetadata(PATH_METADATA, type) as string | string[];
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (sub === undefined || verb === undefined) continue;

        const details = describeHandler(type, handler as object, name);
        for (const b of [base].flat()) {
          for (const s of [sub].flat())
            found.set(`${RequestMethod[verb]} ${fullPath(b, s)}`, details);
        }
      }
    }
  }
  return found;
}

function describeHandler(type: object, handler: object, name: string) {
  const pick = <T>(key: string) =>
    (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, type) as T);
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type.constructor, name) ??
    Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ??
    {}) as Record<string, unknown>;
  const kinds = Object.keys(args).map((k) => Number(k.split(':')[0]));
  return {
    public: pick<boolean>(PUBLIC_ROUTE) === true,
    role: pick<Role>(REQUIRED_ROLE) ?? 'viewer',
    takesBody: kinds.includes(RouteParamtypes.BODY),
    takesQuery: kinds.includes(RouteParamtypes.QUERY),
  };
}

function fullPath(base: string, sub: string): string {
  const parts = [base, sub].flatMap((p) => p.split('/')).filter(Boolean);
  const prefix = UNPREFIXED.has(parts.join('/')) ? [] : ['api', 'v1'];
  return '/' + [...prefix, ...parts].join('/');
}

/** A concrete URL for a pattern: every parameter becomes a well-formed id. */
export function concretePath(pattern: string): string {
  return pattern
    .replace(/:\w+/g, '00000000-0000-4000-8000-000000000000')
    .replace(/\{?\*\w+\}?/g, 'x');
}
