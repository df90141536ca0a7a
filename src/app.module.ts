import { DynamicModule, Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), CommonModule, DatabaseModule, HealthModule],
    };
  }
}
