import { z } from 'zod';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, { message: 'is required' }).max(64),
  password: z.string().min(1, { message: 'is required' }).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export interface LoginResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; username: string; role: Role };
}
