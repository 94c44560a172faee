import 'reflect-metadata';
import { runProcess } from '@river/backend/bootstrap/run-process';

void runProcess('api');
